import { Route, Routes } from 'react-router';
import { NotFound } from '../../app/routes';
import { AutomationEditorPage } from './pages/AutomationEditorPage';
import { AutomationsListPage } from './pages/AutomationsListPage';
import { ContextLookupPage } from './pages/ContextLookupPage';

/** The automations section's pages (mounted at /automations/* by app/routes.tsx). */
export function AutomationsRoutes() {
  return (
    <Routes>
      <Route index element={<AutomationsListPage />} />
      <Route path="new" element={<AutomationEditorPage />} />
      <Route path="context" element={<ContextLookupPage />} />
      <Route path=":id" element={<AutomationEditorPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
