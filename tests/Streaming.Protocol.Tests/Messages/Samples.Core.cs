using Streaming.Protocol.Messages;

namespace Streaming.Protocol.Tests.Messages;

public static partial class Samples
{
    private static void AddCore(List<MessageCase> all)
    {
        all.Add(new MessageCase<ApiVersionsRequest>(v => new ApiVersionsRequest
        {
            ClientSoftwareName = v >= 3 ? "streaming-dotnet" : "",
            ClientSoftwareVersion = v >= 3 ? "1.0.0" : "",
        }));
        all.Add(new MessageCase<ApiVersionsResponse>(v => new ApiVersionsResponse
        {
            ErrorCode = 35,
            ApiKeys = [new() { ApiKey = 0, MinVersion = 3, MaxVersion = 11 }, new() { ApiKey = 18, MinVersion = 0, MaxVersion = 4 }],
            ThrottleTimeMs = v >= 1 ? 12 : 0,
            SupportedFeatures = v >= 3 ? [new() { Name = "metadata.version", MinVersion = 1, MaxVersion = 20 }] : [],
            FinalizedFeaturesEpoch = v >= 3 ? 42 : -1,
            FinalizedFeatures = v >= 3 ? [new() { Name = "metadata.version", MaxVersionLevel = 20, MinVersionLevel = 20 }] : [],
            ZkMigrationReady = v >= 3,
        }));
        all.Add(new MessageCase<MetadataRequest>(v => new MetadataRequest
        {
            Topics = [new() { TopicId = v >= 10 ? TopicId : Guid.Empty, Name = "orders" }, new() { Name = v >= 10 ? null : "payments", TopicId = v >= 10 ? Guid.NewGuid() : Guid.Empty }],
            AllowAutoTopicCreation = v < 4,
            IncludeClusterAuthorizedOperations = v is >= 8 and <= 10,
            IncludeTopicAuthorizedOperations = v >= 8,
        }));
        all.Add(new MessageCase<MetadataResponse>(v => new MetadataResponse
        {
            ThrottleTimeMs = v >= 3 ? 7 : 0,
            Brokers = [new() { NodeId = 1, Host = "localhost", Port = 9092, Rack = v >= 1 ? "r1" : null }, new() { NodeId = 2, Host = "h2", Port = 9093 }],
            ClusterId = v >= 2 ? "cluster-1" : null,
            ControllerId = v >= 1 ? 1 : -1,
            Topics =
            [
                new()
                {
                    ErrorCode = 0, Name = "orders", TopicId = v >= 10 ? TopicId : Guid.Empty, IsInternal = v >= 1,
                    Partitions =
                    [
                        new() { ErrorCode = 0, PartitionIndex = 0, LeaderId = 1, LeaderEpoch = v >= 7 ? 5 : -1, ReplicaNodes = [1, 2], IsrNodes = [1], OfflineReplicas = v >= 5 ? [2] : [] },
                        new() { ErrorCode = 9, PartitionIndex = 1, LeaderId = -1, ReplicaNodes = [], IsrNodes = [] },
                    ],
                    TopicAuthorizedOperations = v >= 8 ? 0x0BF8 : int.MinValue,
                },
                new() { ErrorCode = 100, Name = v >= 12 ? null : "unknown", TopicId = v >= 12 ? Guid.NewGuid() : Guid.Empty },
            ],
            ClusterAuthorizedOperations = v is >= 8 and <= 10 ? 0x0FF0 : int.MinValue,
        }));
        all.Add(new MessageCase<ProduceRequest>(v => new ProduceRequest
        {
            TransactionalId = "txn-1",
            Acks = -1,
            TimeoutMs = 30000,
            TopicData =
            [
                new() { Name = "orders", PartitionData = [new() { Index = 0, Records = Batch }, new() { Index = 3, Records = null }] },
                new() { Name = "empty", PartitionData = [] },
            ],
        }));
        all.Add(new MessageCase<ProduceResponse>(v => new ProduceResponse
        {
            Responses =
            [
                new()
                {
                    Name = "orders",
                    PartitionResponses =
                    [
                        new()
                        {
                            Index = 0, ErrorCode = 0, BaseOffset = 1234, LogAppendTimeMs = 1_700_000_000_000,
                            LogStartOffset = v >= 5 ? 10 : -1,
                            RecordErrors = v >= 8 ? [new() { BatchIndex = 2, BatchIndexErrorMessage = "bad" }, new() { BatchIndex = 3 }] : [],
                            ErrorMessage = v >= 8 ? "some records were bad" : null,
                            CurrentLeader = v >= 10 ? new() { LeaderId = 2, LeaderEpoch = 9 } : null,
                        },
                        new() { Index = 1, ErrorCode = 6, BaseOffset = -1 },
                    ],
                },
            ],
            ThrottleTimeMs = 3,
            NodeEndpoints = v >= 10 ? [Node(2), Node(3)] : [],
        }));
        all.Add(new MessageCase<FetchRequest>(v => new FetchRequest
        {
            ClusterId = v >= 12 ? "cluster-1" : null,
            ReplicaId = v <= 14 ? 5 : -1,
            ReplicaState = v >= 15 ? new() { ReplicaId = 5, ReplicaEpoch = 77 } : null,
            MaxWaitMs = 500,
            MinBytes = 1,
            MaxBytes = 52_428_800,
            IsolationLevel = 1,
            SessionId = v >= 7 ? 123 : 0,
            SessionEpoch = v >= 7 ? 4 : -1,
            Topics =
            [
                new()
                {
                    Topic = v <= 12 ? "orders" : "", TopicId = v >= 13 ? TopicId : Guid.Empty,
                    Partitions =
                    [
                        new()
                        {
                            Partition = 2, CurrentLeaderEpoch = v >= 9 ? 3 : -1, FetchOffset = 100, LastFetchedEpoch = v >= 12 ? 2 : -1,
                            LogStartOffset = v >= 5 ? 7 : -1, PartitionMaxBytes = 1_048_576, ReplicaDirectoryId = v >= 17 ? TopicId : Guid.Empty,
                        },
                    ],
                },
            ],
            ForgottenTopicsData = v >= 7 ? [new() { Topic = v <= 12 ? "old" : "", TopicId = v >= 13 ? TopicId : Guid.Empty, Partitions = [1, 2] }] : [],
            RackId = v >= 11 ? "rack-a" : "",
        }));
        all.Add(new MessageCase<FetchResponse>(v => new FetchResponse
        {
            ThrottleTimeMs = 1,
            ErrorCode = v >= 7 ? (short)0 : (short)0,
            SessionId = v >= 7 ? 99 : 0,
            Responses =
            [
                new()
                {
                    Topic = v <= 12 ? "orders" : "", TopicId = v >= 13 ? TopicId : Guid.Empty,
                    Partitions =
                    [
                        new()
                        {
                            PartitionIndex = 0, ErrorCode = 0, HighWatermark = 500, LastStableOffset = 490, LogStartOffset = v >= 5 ? 3 : -1,
                            DivergingEpoch = v >= 12 ? new() { Epoch = 4, EndOffset = 400 } : null,
                            CurrentLeader = v >= 12 ? new() { LeaderId = 1, LeaderEpoch = 5 } : null,
                            SnapshotId = v >= 12 ? new() { EndOffset = 300, Epoch = 3 } : null,
                            AbortedTransactions = [new() { ProducerId = 1000, FirstOffset = 450 }],
                            PreferredReadReplica = v >= 11 ? 2 : -1,
                            Records = Batch,
                        },
                        new() { PartitionIndex = 1, ErrorCode = 1, HighWatermark = -1, AbortedTransactions = null, Records = null },
                    ],
                },
            ],
            NodeEndpoints = v >= 16 ? [Node(1)] : [],
        }));
    }
}
