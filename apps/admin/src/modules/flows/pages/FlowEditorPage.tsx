import { useQuery } from '@apollo/client/react';
import { Button, Text } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { useViewer } from '../../../app/viewer';
import { actionsById } from '../../../components/ActionPicker';
import { EDITOR_CATALOGUE } from '../../../components/graphql/editor.operations';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { FlowForm } from '../components/FlowForm';
import { emptyFlowForm, formFromFlow } from '../flow-form';
import { FLOW } from '../graphql/flows.operations';

/** /flows/new and /flows/:id/edit. */
export function FlowEditorPage() {
  const { id } = useParams();
  const { can } = useViewer();
  const flowQuery = useQuery(FLOW, { variables: { id: id ?? '' }, skip: !id });
  const editor = useQuery(EDITOR_CATALOGUE, { fetchPolicy: 'cache-and-network' });
  const loaded = editor.data && (!id || flowQuery.data) ? { ...editor.data, flow: flowQuery.data?.flow ?? null } : undefined;

  return (
    <QueryState
      loading={editor.loading || flowQuery.loading}
      error={editor.error ?? flowQuery.error}
      data={loaded}
      onRetry={() => {
        void editor.refetch();
        if (id) void flowQuery.refetch();
      }}
    >
      {({ flow, eventTypes, integrations }) => {
        return (
          <>
            <PageHeader
              title={flow ? `Edit ${flow.name}` : 'New flow'}
              description="Steps run in order. Each step's inputs are templates over the flow variables ({{ account_id }}) and the outputs of earlier steps ({{ steps.create.validation_id }}); use + to insert them."
              actions={
                <Button component={Link} to={flow ? `/flows/${flow.id}` : '/flows'} variant="subtle" leftSection={<IconArrowLeft size={16} />}>
                  {flow ? flow.name : 'All flows'}
                </Button>
              }
            />
            {!can.edit && (
              <Text size="sm" c="dimmed" mb="md">
                You can look at this flow; changing it needs the developer role or higher.
              </Text>
            )}
            <FlowForm
              key={flow?.id ?? 'new'}
              flow={flow}
              initialValues={flow ? formFromFlow(flow, actionsById(integrations)) : emptyFlowForm()}
              eventTypes={eventTypes}
              integrations={integrations}
            />
          </>
        );
      }}
    </QueryState>
  );
}
