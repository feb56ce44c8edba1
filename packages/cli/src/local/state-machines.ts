import { WORKFLOWS, type WorkflowName } from "@medpipe/core/events";
import { TASK_VARIABLE, TASKS, type TaskName } from "@medpipe/core/workflow";

type Template = { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };

/** A state machine as AWS would run it, with the task each Lambda state invokes. */
export interface LocalStateMachine {
  workflow: WorkflowName;
  definition: { StartAt: string; States: Record<string, Record<string, unknown>> };
  taskOfState: Record<string, TaskName>;
}

export const LOCAL_ACCOUNT = "000000000000";
export const LOCAL_REGION = "eu-west-1";

/**
 * The state machines of a synthesized template as concrete ASL: the definition's `Fn::Join` with the partition
 * and each function's ARN filled in, and every Task state bound to its task through the function's
 * `MEDPIPE_TASK` variable. The workflow name is the definition's Comment.
 *
 * @example
 * const machines = stateMachinesOf(templates["dev-medpipe-Workflows"]);
 */
export function stateMachinesOf(template: Template): Map<WorkflowName, LocalStateMachine> {
  const machines = new Map<WorkflowName, LocalStateMachine>();
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== "AWS::StepFunctions::StateMachine") continue;
    const definition = JSON.parse(
      concrete(resource.Properties?.DefinitionString),
    ) as LocalStateMachine["definition"];
    const workflow = (definition as { Comment?: string }).Comment as WorkflowName;
    if (!WORKFLOWS.includes(workflow))
      throw new Error(`state machine with unknown workflow comment ${workflow}`);
    machines.set(workflow, { workflow, definition, taskOfState: tasksOf(definition, template) });
  }
  return machines;
}

function concrete(value: unknown): string {
  if (typeof value === "string") return value;
  const join = (value as { "Fn::Join"?: [string, unknown[]] })["Fn::Join"];
  if (!join) throw new Error(`unsupported DefinitionString: ${JSON.stringify(value).slice(0, 80)}`);
  return join[1].map(part).join(join[0]);
}

function part(value: unknown): string {
  if (typeof value === "string") return value;
  const ref = (value as { Ref?: string }).Ref;
  if (ref === "AWS::Partition") return "aws";
  if (ref === "AWS::Region") return LOCAL_REGION;
  if (ref === "AWS::AccountId") return LOCAL_ACCOUNT;
  const getAtt = (value as { "Fn::GetAtt"?: [string, string] })["Fn::GetAtt"];
  if (getAtt?.[1] === "Arn") return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${getAtt[0]}`;
  throw new Error(`unsupported intrinsic in a state machine definition: ${JSON.stringify(value)}`);
}

function tasksOf(definition: LocalStateMachine["definition"], template: Template): Record<string, TaskName> {
  const tasks: Record<string, TaskName> = {};
  for (const [state, body] of Object.entries(definition.States)) {
    if (body.Type !== "Task") continue;
    const logicalId = String(body.Resource).split(":function:")[1];
    const variables = (
      template.Resources[logicalId ?? ""]?.Properties?.Environment as { Variables?: Record<string, unknown> }
    )?.Variables;
    const task = variables?.[TASK_VARIABLE];
    if (!TASKS.includes(task as TaskName))
      throw new Error(`state ${state} invokes ${logicalId}, which names no task`);
    tasks[state] = task as TaskName;
  }
  return tasks;
}
