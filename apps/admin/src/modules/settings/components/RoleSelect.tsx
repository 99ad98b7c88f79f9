import { Select, type SelectProps } from '@mantine/core';
import type { Role } from '../../../generated/graphql';
import { roleDescription } from '../roles';

interface RoleSelectProps extends Omit<SelectProps, 'data' | 'onChange' | 'value'> {
  roles: readonly Role[];
  value: Role | null;
  onChange: (role: Role) => void;
}

/** A role picker offering only the given roles, each with what it allows. */
export function RoleSelect({ roles, value, onChange, ...props }: RoleSelectProps) {
  return (
    <Select
      {...props}
      value={value}
      onChange={(next) => next && onChange(next as Role)}
      allowDeselect={false}
      data={roles.map((role) => ({ value: role, label: role }))}
      renderOption={({ option }) => (
        <div>
          <div>{option.label}</div>
          <div style={{ fontSize: 'var(--mantine-font-size-xs)', color: 'var(--mantine-color-dimmed)' }}>{roleDescription(option.value as Role)}</div>
        </div>
      )}
    />
  );
}
