import { useQuery } from '@apollo/client/react';
import type { ReactNode } from 'react';
import { VIEWER } from '../modules/auth/graphql/auth.operations';

interface LayoutProps {
  onSignOut: () => void;
  children: ReactNode;
}

/** The signed-in frame: who is signed in, to which workspace, with which role. */
export function Layout({ onSignOut, children }: LayoutProps) {
  const { data } = useQuery(VIEWER);
  const viewer = data?.viewer;

  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">Conduit</span>
        {viewer && <span className="topbar__workspace">{viewer.workspace.name}</span>}
        <div className="topbar__spacer" />
        {viewer && (
          <span className="topbar__viewer">
            {viewer.user?.email ?? 'API key'} <span className="badge badge--neutral">{viewer.role}</span>
          </span>
        )}
        <button className="button button--ghost" type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main className="content">{children}</main>
    </div>
  );
}
