using Streaming.Protocol.Messages;

namespace Streaming.Protocol.Tests.Messages;

public static partial class Samples
{
    static partial void AddAdmin(List<MessageCase> all)
    {
        all.Add(new MessageCase<CreateTopicsRequest>(v => new CreateTopicsRequest
        {
            Topics =
            [
                new()
                {
                    Name = "orders", NumPartitions = 3, ReplicationFactor = 1,
                    Configs = [new() { Name = "retention.ms", Value = "86400000" }, new() { Name = "cleanup.policy", Value = null }],
                },
                new() { Name = "manual", NumPartitions = -1, ReplicationFactor = -1, Assignments = [new() { PartitionIndex = 0, BrokerIds = [1, 2] }] },
            ],
            TimeoutMs = 30000,
            ValidateOnly = true,
        }));
        all.Add(new MessageCase<CreateTopicsResponse>(v => new CreateTopicsResponse
        {
            ThrottleTimeMs = 5,
            Topics =
            [
                new()
                {
                    Name = "orders", TopicId = v >= 7 ? TopicId : Guid.Empty, ErrorCode = 0, ErrorMessage = null,
                    TopicConfigErrorCode = v >= 5 ? (short)29 : (short)0,
                    NumPartitions = v >= 5 ? 3 : -1, ReplicationFactor = v >= 5 ? (short)1 : (short)-1,
                    Configs = v >= 5 ? [new() { Name = "retention.ms", Value = "1", ReadOnly = true, ConfigSource = 5, IsSensitive = true }, new() { Name = "x", Value = null }] : [],
                },
                new() { Name = "bad", ErrorCode = 17, ErrorMessage = "invalid", Configs = v >= 5 ? null : [] },
            ],
        }));
        all.Add(new MessageCase<DeleteTopicsRequest>(v => new DeleteTopicsRequest
        {
            Topics = v >= 6 ? [new() { Name = "orders", TopicId = Guid.Empty }, new() { Name = null, TopicId = TopicId }] : [],
            TopicNames = v <= 5 ? ["orders", "payments"] : [],
            TimeoutMs = 15000,
        }));
        all.Add(new MessageCase<DeleteTopicsResponse>(v => new DeleteTopicsResponse
        {
            ThrottleTimeMs = 5,
            Responses =
            [
                new() { Name = "orders", TopicId = v >= 6 ? TopicId : Guid.Empty, ErrorCode = 0 },
                new() { Name = v >= 6 ? null : "gone", ErrorCode = 3, ErrorMessage = v >= 5 ? "unknown" : null },
            ],
        }));
        all.Add(new MessageCase<CreatePartitionsRequest>(v => new CreatePartitionsRequest
        {
            Topics = [new() { Name = "orders", Count = 6, Assignments = [new() { BrokerIds = [1] }, new() { BrokerIds = [2, 3] }] }, new() { Name = "auto", Count = 2, Assignments = null }],
            TimeoutMs = 10000,
            ValidateOnly = true,
        }));
        all.Add(new MessageCase<CreatePartitionsResponse>(v => new CreatePartitionsResponse
        {
            ThrottleTimeMs = 5, Results = [new() { Name = "orders", ErrorCode = 0 }, new() { Name = "auto", ErrorCode = 37, ErrorMessage = "bad count" }],
        }));
        all.Add(new MessageCase<DeleteRecordsRequest>(v => new DeleteRecordsRequest
        {
            Topics = [new() { Name = "orders", Partitions = [new() { PartitionIndex = 0, Offset = 100 }, new() { PartitionIndex = 1, Offset = -1 }] }],
            TimeoutMs = 5000,
        }));
        all.Add(new MessageCase<DeleteRecordsResponse>(v => new DeleteRecordsResponse
        {
            ThrottleTimeMs = 5,
            Topics = [new() { Name = "orders", Partitions = [new() { PartitionIndex = 0, LowWatermark = 100, ErrorCode = 0 }, new() { PartitionIndex = 1, LowWatermark = -1, ErrorCode = 1 }] }],
        }));
        all.Add(new MessageCase<DescribeConfigsRequest>(v => new DescribeConfigsRequest
        {
            Resources = [new() { ResourceType = 2, ResourceName = "orders", ConfigurationKeys = ["retention.ms"] }, new() { ResourceType = 4, ResourceName = "1", ConfigurationKeys = null }],
            IncludeSynonyms = true,
            IncludeDocumentation = v >= 3,
        }));
        all.Add(new MessageCase<DescribeConfigsResponse>(v => new DescribeConfigsResponse
        {
            ThrottleTimeMs = 5,
            Results =
            [
                new()
                {
                    ErrorCode = 0, ErrorMessage = null, ResourceType = 2, ResourceName = "orders",
                    Configs =
                    [
                        new()
                        {
                            Name = "retention.ms", Value = "86400000", ReadOnly = false, ConfigSource = 1, IsSensitive = false,
                            Synonyms = [new() { Name = "log.retention.ms", Value = "604800000", Source = 5 }, new() { Name = "x", Value = null, Source = 4 }],
                            ConfigType = v >= 3 ? (sbyte)5 : (sbyte)0,
                            Documentation = v >= 3 ? "how long to keep" : "",
                        },
                        new() { Name = "secret", Value = null, IsSensitive = true, Documentation = v >= 3 ? null : "" },
                    ],
                },
                new() { ErrorCode = 3, ErrorMessage = "unknown", ResourceType = 2, ResourceName = "gone" },
            ],
        }));
        all.Add(new MessageCase<IncrementalAlterConfigsRequest>(v => new IncrementalAlterConfigsRequest
        {
            Resources = [new() { ResourceType = 2, ResourceName = "orders", Configs = [new() { Name = "retention.ms", ConfigOperation = 0, Value = "1000" }, new() { Name = "cleanup.policy", ConfigOperation = 1, Value = null }] }],
            ValidateOnly = true,
        }));
        all.Add(new MessageCase<IncrementalAlterConfigsResponse>(v => new IncrementalAlterConfigsResponse
        {
            ThrottleTimeMs = 5,
            Responses = [new() { ErrorCode = 0, ResourceType = 2, ResourceName = "orders" }, new() { ErrorCode = 40, ErrorMessage = "bad value", ResourceType = 2, ResourceName = "x" }],
        }));
        all.Add(new MessageCase<DescribeClusterRequest>(v => new DescribeClusterRequest
        {
            IncludeClusterAuthorizedOperations = true, EndpointType = v >= 1 ? (sbyte)2 : (sbyte)1,
        }));
        all.Add(new MessageCase<DescribeClusterResponse>(v => new DescribeClusterResponse
        {
            ThrottleTimeMs = 5,
            ErrorCode = 0,
            ErrorMessage = "none",
            EndpointType = v >= 1 ? (sbyte)2 : (sbyte)1,
            ClusterId = "cluster-1",
            ControllerId = 1,
            Brokers = [new() { BrokerId = 1, Host = "localhost", Port = 9092, Rack = "r1" }, new() { BrokerId = 2, Host = "h2", Port = 9093 }],
            ClusterAuthorizedOperations = 0x7F,
        }));
    }

    static partial void AddTransactions(List<MessageCase> all)
    {
        all.Add(new MessageCase<InitProducerIdRequest>(v => new InitProducerIdRequest
        {
            TransactionalId = "txn-1", TransactionTimeoutMs = 60000, ProducerId = v >= 3 ? 1000 : -1, ProducerEpoch = v >= 3 ? (short)5 : (short)-1,
        }));
        all.Add(new MessageCase<InitProducerIdResponse>(v => new InitProducerIdResponse { ThrottleTimeMs = 5, ErrorCode = 0, ProducerId = 1000, ProducerEpoch = 6 }));
        all.Add(new MessageCase<AddPartitionsToTxnRequest>(v => new AddPartitionsToTxnRequest
        {
            Transactions = v >= 4 ? [new() { TransactionalId = "txn-1", ProducerId = 1000, ProducerEpoch = 6, VerifyOnly = true, Topics = [new() { Name = "orders", Partitions = [0, 1] }] }] : [],
            V3AndBelowTransactionalId = v <= 3 ? "txn-1" : "",
            V3AndBelowProducerId = v <= 3 ? 1000 : 0,
            V3AndBelowProducerEpoch = v <= 3 ? (short)6 : (short)0,
            V3AndBelowTopics = v <= 3 ? [new() { Name = "orders", Partitions = [0, 1] }, new() { Name = "payments", Partitions = [] }] : [],
        }));
        all.Add(new MessageCase<AddPartitionsToTxnResponse>(v =>
        {
            List<AddPartitionsToTxnTopicResult> results = [new() { Name = "orders", ResultsByPartition = [new() { PartitionIndex = 0, PartitionErrorCode = 0 }, new() { PartitionIndex = 1, PartitionErrorCode = 48 }] }];
            return new AddPartitionsToTxnResponse
            {
                ThrottleTimeMs = 5,
                ErrorCode = v >= 4 ? (short)0 : (short)0,
                ResultsByTransaction = v >= 4 ? [new() { TransactionalId = "txn-1", TopicResults = results }] : [],
                ResultsByTopicV3AndBelow = v <= 3 ? results : [],
            };
        }));
        all.Add(new MessageCase<AddOffsetsToTxnRequest>(v => new AddOffsetsToTxnRequest { TransactionalId = "txn-1", ProducerId = 1000, ProducerEpoch = 6, GroupId = "group-1" }));
        all.Add(new MessageCase<AddOffsetsToTxnResponse>(v => new AddOffsetsToTxnResponse { ThrottleTimeMs = 5, ErrorCode = 51 }));
        all.Add(new MessageCase<EndTxnRequest>(v => new EndTxnRequest { TransactionalId = "txn-1", ProducerId = 1000, ProducerEpoch = 6, Committed = true }));
        all.Add(new MessageCase<EndTxnResponse>(v => new EndTxnResponse
        {
            ThrottleTimeMs = 5, ErrorCode = 0, ProducerId = v >= 5 ? 1000 : -1, ProducerEpoch = v >= 5 ? (short)7 : (short)-1,
        }));
        all.Add(new MessageCase<TxnOffsetCommitRequest>(v => new TxnOffsetCommitRequest
        {
            TransactionalId = "txn-1",
            GroupId = "group-1",
            ProducerId = 1000,
            ProducerEpoch = 6,
            GenerationId = v >= 3 ? 7 : -1,
            MemberId = v >= 3 ? "member-1" : "",
            GroupInstanceId = v >= 3 ? "instance-1" : null,
            Topics = [new() { Name = "orders", Partitions = [new() { PartitionIndex = 0, CommittedOffset = 100, CommittedLeaderEpoch = v >= 2 ? 4 : -1, CommittedMetadata = "m" }, new() { PartitionIndex = 1, CommittedOffset = 1, CommittedMetadata = null }] }],
        }));
        all.Add(new MessageCase<TxnOffsetCommitResponse>(v => new TxnOffsetCommitResponse
        {
            ThrottleTimeMs = 5, Topics = [new() { Name = "orders", Partitions = [new() { PartitionIndex = 0, ErrorCode = 0 }, new() { PartitionIndex = 1, ErrorCode = 22 }] }],
        }));
    }
}
