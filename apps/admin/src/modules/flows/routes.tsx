import { Route, Routes } from 'react-router';
import { NotFound } from '../../app/routes';
import { FlowEditorPage } from './pages/FlowEditorPage';
import { FlowPage } from './pages/FlowPage';
import { FlowRunPage } from './pages/FlowRunPage';
import { FlowsListPage } from './pages/FlowsListPage';

/** The flows section's pages (mounted at /flows/* by app/routes.tsx). */
export function FlowsRoutes() {
  return (
    <Routes>
      <Route index element={<FlowsListPage />} />
      <Route path="new" element={<FlowEditorPage />} />
      <Route path=":id" element={<FlowPage />} />
      <Route path=":id/edit" element={<FlowEditorPage />} />
      <Route path=":id/runs/:runId" element={<FlowRunPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
