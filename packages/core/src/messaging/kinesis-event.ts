/** A stream record as a shard hands it out (GetRecords, or the rig's stream). */
export interface StreamRecord {
  sequenceNumber: string;
  partitionKey: string;
  data: Uint8Array;
  arrivedAt: Date;
}

/**
 * The Kinesis event Lambda hands a stream's consumer (Lambda developer guide, Kinesis event example): what the
 * rig's event source mappings invoke the consumer with, and what `medpipe replay-chat` re-applies records with.
 *
 * @example
 * await lambda.invoke(consumer, kinesisEventOf(records, { streamArn, shardId, region, roleArn }));
 */
export function kinesisEventOf(
  records: StreamRecord[],
  where: { streamArn: string; shardId: string; region: string; roleArn: string },
) {
  return {
    Records: records.map((record) => ({
      kinesis: {
        kinesisSchemaVersion: "1.0",
        partitionKey: record.partitionKey,
        sequenceNumber: record.sequenceNumber,
        data: Buffer.from(record.data).toString("base64"),
        approximateArrivalTimestamp: record.arrivedAt.getTime() / 1000,
      },
      eventSource: "aws:kinesis",
      eventVersion: "1.0",
      eventID: `${where.shardId}:${record.sequenceNumber}`,
      eventName: "aws:kinesis:record",
      invokeIdentityArn: where.roleArn,
      awsRegion: where.region,
      eventSourceARN: where.streamArn,
    })),
  };
}

/** The partial batch response a consumer answers: the records it could not apply, by sequence number. */
export interface PartialBatchResponse {
  batchItemFailures?: { itemIdentifier?: string }[];
}
