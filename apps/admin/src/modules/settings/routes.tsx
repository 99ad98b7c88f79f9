import { Route, Routes } from 'react-router';
import { PageHeader } from '../../components/PageHeader';

/** The settings section's pages (mounted at /settings/* by app/routes.tsx). */
export function SettingsRoutes() {
  return (
    <Routes>
      <Route index element={<PageHeader title="Settings" />} />
    </Routes>
  );
}
