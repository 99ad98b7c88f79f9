import { Avatar } from '@mantine/core';

/** The integration's logo, or its initials when it has none (or the image does not load). */
export function IntegrationLogo({ name, logoUrl, size = 36 }: { name: string; logoUrl: string | null; size?: number }) {
  return (
    <Avatar src={logoUrl} alt="" size={size} radius="sm" color="indigo" variant="light">
      {name
        .split(/\s+/)
        .slice(0, 2)
        .map((word) => word.charAt(0).toUpperCase())
        .join('')}
    </Avatar>
  );
}
