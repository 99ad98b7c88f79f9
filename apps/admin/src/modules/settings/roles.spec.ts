import { describe, expect, it } from '@jest/globals';
import { grantableRoles, passwordReset, removal, roleChange } from './roles';

describe('grantableRoles', () => {
  it('lets only an OWNER grant OWNER, and nobody a role above their own', () => {
    expect(grantableRoles('OWNER')).toEqual(['OWNER', 'ADMIN', 'DEVELOPER', 'VIEWER']);
    expect(grantableRoles('ADMIN')).toEqual(['ADMIN', 'DEVELOPER', 'VIEWER']);
    expect(grantableRoles('DEVELOPER')).toEqual([]);
    expect(grantableRoles('VIEWER')).toEqual([]);
  });
});

describe('roleChange', () => {
  const member = { memberEmail: 'ana@example.com', ownerCount: 2 };

  it("lets an ADMIN change a DEVELOPER's role but not an OWNER's, saying why as the API does", () => {
    expect(roleChange({ ...member, actorRole: 'ADMIN', memberRole: 'DEVELOPER' })).toEqual({ allowed: true, reason: null });
    expect(roleChange({ ...member, actorRole: 'ADMIN', memberRole: 'OWNER' })).toEqual({
      allowed: false,
      reason: "Only an OWNER can make someone OWNER or change an OWNER's role; you are ADMIN.",
    });
  });

  it('keeps the last OWNER an OWNER', () => {
    expect(roleChange({ ...member, ownerCount: 1, actorRole: 'OWNER', memberRole: 'OWNER' }).reason).toBe(
      'ana@example.com is the only OWNER of this workspace. Make another member OWNER first, then change this role.',
    );
    expect(roleChange({ ...member, ownerCount: 2, actorRole: 'OWNER', memberRole: 'OWNER' }).allowed).toBe(true);
  });

  it('offers nothing to a DEVELOPER', () => {
    expect(roleChange({ ...member, actorRole: 'DEVELOPER', memberRole: 'VIEWER' }).allowed).toBe(false);
  });
});

describe('removal', () => {
  const member = { memberEmail: 'ana@example.com', ownerCount: 1 };

  it('lets an OWNER remove anyone but the last OWNER', () => {
    expect(removal({ ...member, actorRole: 'OWNER', memberRole: 'VIEWER' }).allowed).toBe(true);
    expect(removal({ ...member, actorRole: 'OWNER', memberRole: 'OWNER' }).reason).toMatch(/only OWNER of this workspace/);
  });

  it('refuses an ADMIN removing an OWNER with the API message', () => {
    expect(removal({ ...member, ownerCount: 2, actorRole: 'ADMIN', memberRole: 'OWNER' }).reason).toBe('Only an OWNER can remove an OWNER; you are ADMIN.');
  });
});

describe('passwordReset', () => {
  const temporary = { passwordExpiresAt: '2026-11-25T10:00:00.000Z', isYou: false };

  it('is offered only for a member who still has a temporary password, not for yourself, and only to OWNERs and ADMINs', () => {
    expect(passwordReset({ ...temporary, actorRole: 'ADMIN', memberRole: 'DEVELOPER' })).toEqual({ offered: true, allowed: true, reason: null });
    expect(passwordReset({ ...temporary, passwordExpiresAt: null, actorRole: 'OWNER', memberRole: 'DEVELOPER' }).offered).toBe(false);
    expect(passwordReset({ ...temporary, isYou: true, actorRole: 'OWNER', memberRole: 'OWNER' }).offered).toBe(false);
    expect(passwordReset({ ...temporary, actorRole: 'DEVELOPER', memberRole: 'VIEWER' }).offered).toBe(false);
  });

  it("keeps an OWNER's password to OWNERs, saying why as the API does", () => {
    expect(passwordReset({ ...temporary, actorRole: 'ADMIN', memberRole: 'OWNER' })).toEqual({
      offered: true,
      allowed: false,
      reason: 'Only an OWNER can give an OWNER a new password; you are ADMIN.',
    });
    expect(passwordReset({ ...temporary, actorRole: 'OWNER', memberRole: 'OWNER' }).allowed).toBe(true);
  });
});
