import { Navigate, Route, Routes } from 'react-router';
import { NotFound } from '../../app/routes';
import { AccountPage } from './pages/AccountPage';
import { ApiKeysPage } from './pages/ApiKeysPage';
import { MembersPage } from './pages/MembersPage';
import { SettingsLayout } from './pages/SettingsLayout';
import { WorkspacePage } from './pages/WorkspacePage';

/** The settings section's pages (mounted at /settings/* by app/routes.tsx): one tab per sub-route. */
export function SettingsRoutes() {
  return (
    <Routes>
      <Route element={<SettingsLayout />}>
        <Route index element={<Navigate to="workspace" replace />} />
        <Route path="workspace" element={<WorkspacePage />} />
        <Route path="api-keys" element={<ApiKeysPage />} />
        <Route path="members" element={<MembersPage />} />
        <Route path="account" element={<AccountPage />} />
      </Route>
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
