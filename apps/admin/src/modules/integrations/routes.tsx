import { Route, Routes } from 'react-router';
import { NotFound } from '../../app/routes';
import { ActionPage } from './pages/ActionPage';
import { IntegrationPage } from './pages/IntegrationPage';
import { IntegrationsListPage } from './pages/IntegrationsListPage';
import { IntegrationSetupPage, NewIntegrationPage } from './pages/IntegrationWizardPage';

/** The integrations section's pages (mounted at /integrations/* by app/routes.tsx). */
export function IntegrationsRoutes() {
  return (
    <Routes>
      <Route index element={<IntegrationsListPage />} />
      <Route path="new" element={<NewIntegrationPage />} />
      <Route path=":id" element={<IntegrationPage />} />
      <Route path=":id/setup" element={<IntegrationSetupPage />} />
      <Route path=":id/actions/new" element={<ActionPage />} />
      <Route path=":id/actions/:actionId" element={<ActionPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
