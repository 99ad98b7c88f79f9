import { Route, Routes } from 'react-router';
import { PageHeader } from '../../components/PageHeader';

/** The automations section's pages (mounted at /automations/* by app/routes.tsx). */
export function AutomationsRoutes() {
  return (
    <Routes>
      <Route index element={<PageHeader title="Automations" />} />
    </Routes>
  );
}
