/**
 * The service Chime SDK media pipelines act as, and the service-linked role they need in the account before they
 * can join and capture a meeting (docs.aws.amazon.com/chime-sdk/latest/dg/create-pipeline-role.html): the stacks
 * create the role and `medpipe doctor` checks it.
 */
export const MEDIA_PIPELINES_SERVICE = "mediapipelines.chime.amazonaws.com";
export const MEDIA_PIPELINES_ROLE = "AWSServiceRoleForAmazonChimeSDKMediaPipelines";
