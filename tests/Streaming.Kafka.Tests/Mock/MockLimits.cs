namespace Streaming.Kafka.Tests.Mock;

/// <summary>
/// What librdkafka's mock cluster (librdkafka 2.16.0) does not do, as skip reasons: each was seen failing on the mock.
/// Also: it writes transaction markers with a zero CRC, so consumers of transactional topics run with check.crcs off there.
/// </summary>
internal static class MockLimits
{
    public const string NoTimestampIndex =
        "librdkafka's mock cluster answers ListOffsets for a timestamp with -1: it keeps no time index (runs against a real cluster)";

    public const string NoAdminApis =
        "librdkafka's mock cluster implements no admin API (CreateTopics, DeleteTopics, CreatePartitions, DescribeConfigs, DescribeTopics time out " +
        "waiting for a controller; ListGroups crashes the process with a double free): run against a real cluster or the embedded broker's listener";

    public const string NoAbortedTransactionFiltering =
        "librdkafka's mock cluster writes transaction markers but neither returns aborted transactions in fetch responses nor holds " +
        "read_committed fetches at the last stable offset, so read_committed consumers see aborted and open transactions' records";

    public const string NoTransactionalOffsets =
        "librdkafka's mock cluster answers TxnOffsetCommit with success but never stores the offsets, so they are not committed at EndTxn";

    public const string NoFencing =
        "librdkafka's mock cluster does not fence an older producer when a new one calls InitTransactions with the same transactional.id: " +
        "the older one's CommitTransaction succeeds";
}
