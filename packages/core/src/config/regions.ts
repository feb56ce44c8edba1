/**
 * Where each AWS capability this pipeline needs is offered. Sources (checked 2026-11):
 * - Chime SDK meetings and media pipelines: docs.aws.amazon.com/chime-sdk/latest/dg/sdk-available-regions.html
 * - Transcribe Medical: docs.aws.amazon.com/general/latest/gr/transcribe.html (medical endpoints)
 * - Comprehend Medical: docs.aws.amazon.com/general/latest/gr/comprehend-med.html
 */
export const chimeMeetingControlRegions = [
  "af-south-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-south-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "ca-central-1",
  "eu-central-1",
  "eu-west-2",
  "il-central-1",
  "us-east-1",
  "us-west-2",
] as const;

export const chimeMediaRegions = [
  "af-south-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-south-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "ca-central-1",
  "eu-central-1",
  "eu-north-1",
  "eu-south-1",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
] as const;

export const chimeMediaPipelineRegions = [
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-south-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "ca-central-1",
  "eu-central-1",
  "eu-west-2",
  "us-east-1",
  "us-west-2",
] as const;

export const transcribeMedicalRegions = [
  "ap-southeast-2",
  "ca-central-1",
  "eu-central-1",
  "eu-west-1",
  "eu-west-2",
  "us-east-1",
  "us-east-2",
  "us-west-2",
] as const;

export const comprehendMedicalRegions = [
  "ap-southeast-2",
  "ca-central-1",
  "eu-west-1",
  "eu-west-2",
  "us-east-1",
  "us-east-2",
  "us-west-2",
] as const;
