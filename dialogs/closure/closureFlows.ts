import type { Dialog } from 'botbuilder-dialogs';
import type { FlowIntent } from '../mainDialog';
import { ClosureDialog } from './closureDialog';
import type { ClosureFlowDeps } from './flowDeps';
import { StatusDialog } from './statusDialog';

/** The flows this folder provides, keyed by the intent that starts them (MainDialogDeps.flows). */
export function createClosureFlows(deps: ClosureFlowDeps): Partial<Record<FlowIntent, Dialog>> {
  return {
    'closure.start': new ClosureDialog(deps),
    'closure.status': new StatusDialog(deps),
  };
}
