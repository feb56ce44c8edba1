import { createHash } from "node:crypto";

export const LOCAL_ACCOUNT = "000000000000";
export const LOCAL_REGION = "eu-west-1";

export interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
}

export interface Template {
  Resources: Record<string, Resource>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
}

/** A resource of a stack as the local rig deploys it: its stack, logical id and physical name. */
export interface DeployedResource {
  stack: string;
  logicalId: string;
  type: string;
  properties: Record<string, unknown>;
  /** The physical name (a bucket's name, a function's or a state machine's name, a queue's name). */
  name: string;
  arn: string;
}

/**
 * The synthesized stacks as the local rig deploys them, in one account and region: each resource gets a stable
 * physical name (a bucket `Recordings1A2B3C4D` is `recordings`, as in local mode's output directory) and its
 * ARN, and any CloudFormation value (`Ref`, `Fn::GetAtt`, `Fn::ImportValue`, `Fn::Join`, `Fn::Sub`) resolves
 * to what the deployment would hold. Functions, rules and state machines are run from exactly what this reads.
 *
 * @example
 * const resources = new LocalResources(templates);
 * resources.resolve(fn.Properties.Environment.Variables.RECORDINGS_BUCKET); // "recordings"
 */
export class LocalResources {
  readonly resources: DeployedResource[];
  readonly #byStack = new Map<string, Map<string, DeployedResource>>();
  readonly #exports = new Map<string, { stack: string; value: unknown }>();
  /** What deployed custom resources answered (their `Data`), by stack and logical id. */
  readonly #customAttributes = new Map<string, Record<string, unknown>>();

  constructor(
    templates: Record<string, Template>,
    readonly account = LOCAL_ACCOUNT,
    readonly region = LOCAL_REGION,
  ) {
    this.resources = [];
    for (const [stack, template] of Object.entries(templates)) {
      const inStack = new Map<string, DeployedResource>();
      for (const [logicalId, resource] of Object.entries(template.Resources)) {
        const deployed = this.#deploy(stack, logicalId, resource);
        inStack.set(logicalId, deployed);
        this.resources.push(deployed);
      }
      this.#byStack.set(stack, inStack);
      for (const output of Object.values(template.Outputs ?? {})) {
        if (output.Export) this.#exports.set(String(output.Export.Name), { stack, value: output.Value });
      }
    }
  }

  /** Records a custom resource's answer, which `Fn::GetAtt` of it then reads, as CloudFormation's does. */
  setAttributes(resource: DeployedResource, attributes: Record<string, unknown>): void {
    this.#customAttributes.set(`${resource.stack}/${resource.logicalId}`, attributes);
  }

  /** Every deployed resource of a CloudFormation type, e.g. `AWS::Lambda::Function`. */
  ofType(type: string): DeployedResource[] {
    return this.resources.filter((resource) => resource.type === type);
  }

  /** The deployed resource a `Ref`/ARN/name points to, in any stack. */
  find(reference: string): DeployedResource | undefined {
    return this.resources.find((r) => r.arn === reference || r.name === reference);
  }

  /** A CloudFormation value with every intrinsic function resolved, as CloudFormation would hand it over. */
  resolve(value: unknown, stack?: string): unknown {
    if (Array.isArray(value)) return value.map((item) => this.resolve(item, stack));
    if (typeof value !== "object" || value === null) return value;
    const entries = Object.entries(value);
    const [fn, argument] = entries[0] ?? [];
    if (entries.length === 1 && fn !== undefined && (fn === "Ref" || fn.startsWith("Fn::"))) {
      return this.#intrinsic(fn, argument, stack);
    }
    return Object.fromEntries(entries.map(([key, item]) => [key, this.resolve(item, stack)]));
  }

  /** {@link resolve}, for a value that must be a string. */
  resolveString(value: unknown, stack?: string): string {
    const resolved = this.resolve(value, stack);
    if (typeof resolved !== "string") throw new Error(`expected a string, got ${JSON.stringify(resolved)}`);
    return resolved;
  }

  #intrinsic(fn: string, argument: unknown, stack: string | undefined): unknown {
    switch (fn) {
      case "Ref":
        return this.#ref(String(argument), stack);
      case "Fn::GetAtt": {
        const [logicalId, attribute] = Array.isArray(argument)
          ? (argument as [string, string])
          : (String(argument).split(".") as [string, string]);
        return this.#attribute(this.#resource(logicalId, stack), attribute);
      }
      case "Fn::ImportValue": {
        const name = this.resolveString(argument, stack);
        const exported = this.#exports.get(name);
        if (!exported) throw new Error(`no stack exports ${name}`);
        return this.resolve(exported.value, exported.stack);
      }
      case "Fn::Join": {
        const [separator, parts] = argument as [string, unknown[]];
        return (this.resolve(parts, stack) as unknown[]).map(String).join(separator);
      }
      case "Fn::Select": {
        const [index, list] = argument as [number, unknown];
        return (this.resolve(list, stack) as unknown[])[Number(index)];
      }
      case "Fn::Split": {
        const [separator, text] = argument as [string, unknown];
        return this.resolveString(text, stack).split(separator);
      }
      case "Fn::Sub": {
        const [template, variables = {}] = Array.isArray(argument)
          ? (argument as [string, Record<string, unknown>])
          : [String(argument), {}];
        return template.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
          if (name in variables) return String(this.resolve(variables[name], stack));
          const [logicalId, attribute] = name.split(".");
          return String(
            attribute
              ? this.#attribute(this.#resource(logicalId ?? "", stack), attribute)
              : this.#ref(name, stack),
          );
        });
      }
      default:
        throw new Error(`the local rig cannot resolve ${fn}`);
    }
  }

  #ref(name: string, stack: string | undefined): unknown {
    const pseudo: Record<string, string> = {
      "AWS::Partition": "aws",
      "AWS::Region": this.region,
      "AWS::AccountId": this.account,
      "AWS::URLSuffix": "amazonaws.com",
      "AWS::StackName": stack ?? "",
      "AWS::NoValue": "",
    };
    if (name in pseudo) return pseudo[name];
    const resource = this.#resource(name, stack);
    switch (resource.type) {
      case "AWS::SQS::Queue":
        return `https://sqs.${this.region}.amazonaws.com/${this.account}/${resource.name}`;
      case "AWS::StepFunctions::StateMachine":
      case "AWS::SNS::Topic":
        return resource.arn;
      case "AWS::KMS::Key":
        return resource.arn.split("/").at(-1);
      default:
        return resource.name;
    }
  }

  #attribute(resource: DeployedResource, attribute: string): unknown {
    const custom = this.#customAttributes.get(`${resource.stack}/${resource.logicalId}`);
    if (custom) {
      if (!(attribute in custom))
        throw new Error(`custom resource ${resource.logicalId} gave no ${attribute}`);
      return custom[attribute];
    }
    if (resource.type.startsWith("Custom::") || resource.type === "AWS::CloudFormation::CustomResource") {
      throw new Error(`custom resource ${resource.logicalId} is not deployed yet: no ${attribute}`);
    }
    switch (attribute) {
      case "Arn":
        return resource.arn;
      case "QueueName":
      case "Name":
        return resource.name;
      case "QueueUrl":
        return this.#ref(resource.logicalId, resource.stack);
      case "KeyId":
        return resource.arn.split("/").at(-1);
      default:
        throw new Error(`the local rig has no ${attribute} for ${resource.type} ${resource.logicalId}`);
    }
  }

  #resource(logicalId: string, stack: string | undefined): DeployedResource {
    const found = stack ? this.#byStack.get(stack)?.get(logicalId) : undefined;
    if (found) return found;
    throw new Error(`no resource ${logicalId} in stack ${stack}`);
  }

  #deploy(stack: string, logicalId: string, resource: Resource): DeployedResource {
    const properties = resource.Properties ?? {};
    const named = (key: string) => (typeof properties[key] === "string" ? (properties[key] as string) : null);
    const { account, region } = this;
    const base = { stack, logicalId, type: resource.Type, properties };
    switch (resource.Type) {
      case "AWS::S3::Bucket": {
        const name = named("BucketName") ?? kebabCase(constructId(logicalId));
        return { ...base, name, arn: `arn:aws:s3:::${name}` };
      }
      case "AWS::Lambda::Function": {
        const name = named("FunctionName") ?? `${stack}-${logicalId}`;
        return { ...base, name, arn: `arn:aws:lambda:${region}:${account}:function:${name}` };
      }
      case "AWS::StepFunctions::StateMachine": {
        const name = named("StateMachineName") ?? `${stack}-${logicalId}`;
        return { ...base, name, arn: `arn:aws:states:${region}:${account}:stateMachine:${name}` };
      }
      case "AWS::SQS::Queue": {
        const name = named("QueueName") ?? `${stack}-${logicalId}`;
        return { ...base, name, arn: `arn:aws:sqs:${region}:${account}:${name}` };
      }
      case "AWS::SNS::Topic": {
        const name = named("TopicName") ?? `${stack}-${logicalId}`;
        return { ...base, name, arn: `arn:aws:sns:${region}:${account}:${name}` };
      }
      case "AWS::Kinesis::Stream": {
        const name = named("Name") ?? `${stack}-${logicalId}`;
        return { ...base, name, arn: `arn:aws:kinesis:${region}:${account}:stream/${name}` };
      }
      case "AWS::SSM::Parameter": {
        const name = named("Name") ?? `${stack}-${logicalId}`;
        return { ...base, name, arn: `arn:aws:ssm:${region}:${account}:parameter${name}` };
      }
      case "AWS::KMS::Key":
        return { ...base, name: logicalId, arn: `arn:aws:kms:${region}:${account}:key/${uuidOf(logicalId)}` };
      case "AWS::IAM::Role":
        return { ...base, name: logicalId, arn: `arn:aws:iam::${account}:role/${logicalId}` };
      case "AWS::Events::Rule": {
        const name = named("Name") ?? `${stack}-${logicalId}`;
        return { ...base, name, arn: `arn:aws:events:${region}:${account}:rule/${name}` };
      }
      default:
        return { ...base, name: logicalId, arn: `arn:aws:cloudformation:${region}:${account}:${logicalId}` };
    }
  }
}

/** A CDK logical id without its 8-hex-digit hash: `RecordingsA3BDCC51` → `Recordings`. */
function constructId(logicalId: string): string {
  return logicalId.replace(/[0-9A-F]{8}$/, "");
}

function kebabCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

/** A stable UUID for a key, as KMS gives each key one. */
function uuidOf(name: string): string {
  const hex = createHash("sha256").update(name).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
