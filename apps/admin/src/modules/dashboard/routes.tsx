import { Route, Routes } from 'react-router';
import { NotFound } from '../../app/routes';
import { DashboardPage } from './pages/DashboardPage';

/** The dashboard (mounted at /* by app/routes.tsx, so it also answers unknown top-level paths). */
export function DashboardRoutes() {
  return (
    <Routes>
      <Route index element={<DashboardPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
