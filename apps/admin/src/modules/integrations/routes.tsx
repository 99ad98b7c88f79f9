import { Route, Routes } from 'react-router';
import { PageHeader } from '../../components/PageHeader';

/** The integrations section's pages (mounted at /integrations/* by app/routes.tsx). */
export function IntegrationsRoutes() {
  return (
    <Routes>
      <Route index element={<PageHeader title="Integrations" />} />
    </Routes>
  );
}
