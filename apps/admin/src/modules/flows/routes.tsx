import { Route, Routes } from 'react-router';
import { PageHeader } from '../../components/PageHeader';

/** The flows section's pages (mounted at /flows/* by app/routes.tsx). */
export function FlowsRoutes() {
  return (
    <Routes>
      <Route index element={<PageHeader title="Flows" />} />
    </Routes>
  );
}
