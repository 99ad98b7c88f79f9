import { Button } from '@mantine/core';
import { Link, Route, Routes } from 'react-router';
import { EmptyState } from '../components/EmptyState';
import { AutomationsRoutes } from '../modules/automations/routes';
import { DashboardRoutes } from '../modules/dashboard/routes';
import { DeliveriesRoutes } from '../modules/deliveries/routes';
import { EventsRoutes } from '../modules/events/routes';
import { FlowsRoutes } from '../modules/flows/routes';
import { IntegrationsRoutes } from '../modules/integrations/routes';
import { SettingsRoutes } from '../modules/settings/routes';
import { WebhooksRoutes } from '../modules/webhooks/routes';

/** Each section owns its sub-routes (modules/<section>/routes.tsx). */
export function AppRoutes() {
  return (
    <Routes>
      <Route path="/*" element={<DashboardRoutes />} />
      <Route path="/webhooks/*" element={<WebhooksRoutes />} />
      <Route path="/deliveries/*" element={<DeliveriesRoutes />} />
      <Route path="/integrations/*" element={<IntegrationsRoutes />} />
      <Route path="/automations/*" element={<AutomationsRoutes />} />
      <Route path="/flows/*" element={<FlowsRoutes />} />
      <Route path="/events/*" element={<EventsRoutes />} />
      <Route path="/settings/*" element={<SettingsRoutes />} />
    </Routes>
  );
}

/** For a section's unknown sub-path (a stale bookmark, a deleted item). */
export function NotFound() {
  return (
    <EmptyState
      title="Nothing here"
      action={
        <Button component={Link} to="/">
          Go to the dashboard
        </Button>
      }
    >
      This page does not exist, or what it showed was deleted.
    </EmptyState>
  );
}
