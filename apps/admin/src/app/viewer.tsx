import { createContext, useContext, type ReactNode } from 'react';
import type { Role } from '../generated/graphql';
import { permissionsOf, type Permissions } from './permissions';

export interface ViewerInfo {
  role: Role;
  workspace: { id: string; name: string };
  user: { id: string; email: string } | null;
  can: Permissions;
}

const ViewerContext = createContext<ViewerInfo | null>(null);

export function ViewerProvider({ viewer, children }: { viewer: Omit<ViewerInfo, 'can'>; children: ReactNode }) {
  return <ViewerContext.Provider value={{ ...viewer, can: permissionsOf(viewer.role) }}>{children}</ViewerContext.Provider>;
}

/** Who is signed in, to which workspace, and what their role lets them do. */
export function useViewer(): ViewerInfo {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error('useViewer() is used outside the signed-in frame.');
  return viewer;
}
