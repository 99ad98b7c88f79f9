import { Route, Routes } from 'react-router';
import { PageHeader } from '../../components/PageHeader';

/** The dashboard section's pages (mounted at /dashboard/* by app/routes.tsx). */
export function DashboardRoutes() {
  return (
    <Routes>
      <Route index element={<PageHeader title="Dashboard" />} />
    </Routes>
  );
}
