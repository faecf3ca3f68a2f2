using System.Buffers;
using System.Buffers.Binary;
using Streaming.Protocol.Messages;
using Streaming.Protocol.Records;

namespace Streaming.Broker.Tests.Protocol;

/// <summary>The Kafka listener driven frame by frame: versions, metadata, produce/fetch, pipelining, long-poll, acks=0.</summary>
public sealed class ListenerProtocolTests : IAsyncLifetime
{
    private ListenerHarness _h = null!;

    public Task InitializeAsync()
    {
        _h = new ListenerHarness();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private static byte[] Batch(int records, string prefix = "v", long producerId = -1, short epoch = -1, int sequence = -1,
        Streaming.Protocol.Records.CompressionType compression = Streaming.Protocol.Records.CompressionType.None)
    {
        using var builder = new RecordBatchBuilder(4096);
        builder.Reset(compression, producerId, epoch, sequence);
        for (int i = 0; i < records; i++)
            builder.Append(1_700_000_000_000 + i, System.Text.Encoding.UTF8.GetBytes($"k{i}"), false, System.Text.Encoding.UTF8.GetBytes($"{prefix}{i}"), false, 0, default);
        return builder.Seal().ToArray();
    }

    private static ProduceRequest Produce(string topic, int partition, byte[] batch, short acks = -1) => new()
    {
        Acks = acks,
        TimeoutMs = 10_000,
        TopicData = [new TopicProduceData { Name = topic, PartitionData = [new PartitionProduceData { Index = partition, Records = batch }] }],
    };

    [Fact]
    public void ApiVersions_AdvertisesEveryHandledApi_AndAnswersANewerVersionAtV0WithUnsupportedVersion()
    {
        using var client = _h.Connect();
        var response = client.Call<ApiVersionsRequest, ApiVersionsResponse>(new ApiVersionsRequest { ClientSoftwareName = "test", ClientSoftwareVersion = "1" }, 3);
        Assert.Equal(0, response.ErrorCode);
        var keys = response.ApiKeys.ToDictionary(k => (ApiKey)k.ApiKey);
        foreach (var api in new[] { ApiKey.Produce, ApiKey.Fetch, ApiKey.Metadata, ApiKey.JoinGroup, ApiKey.EndTxn, ApiKey.CreateTopics, ApiKey.DescribeCluster })
            Assert.True(keys.ContainsKey(api), $"{api} is not advertised");
        Assert.Equal(3, keys[ApiKey.Produce].MinVersion);
        Assert.Equal(4, keys[ApiKey.Fetch].MinVersion);

        // A client from the future: ApiVersions v99 gets a v0 answer with UNSUPPORTED_VERSION (35) and the ranges.
        var header = new RequestHeader { ApiKey = ApiKey.ApiVersions, ApiVersion = 99, CorrelationId = 77, ClientId = "future" };
        var output = new ArrayBufferWriter<byte>();
        var writer = new ProtocolWriter(output);
        writer.WriteInt32(0);
        header.Write(ref writer, 2);
        writer.WriteUnsignedVarint(1); // an empty compact string: the body we cannot know
        writer.WriteUnsignedVarint(1);
        writer.WriteUnsignedVarint(0);
        writer.Flush();
        var frame = output.WrittenSpan.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(frame, frame.Length - 4);
        client.SendRaw(frame);
        var (id, body) = client.ReadFrame(0);
        Assert.Equal(77, id);
        var old = KafkaMessage.Decode<ApiVersionsResponse>(body, 0);
        Assert.Equal(35, old.ErrorCode);
        Assert.NotEmpty(old.ApiKeys);
    }

    [Fact]
    public void Metadata_DescribesTheSingleNode_AutoCreatesWhenAllowed_AndRefusesWhenNot()
    {
        _h.Broker.CreateTopic("existing", 3);
        using var client = _h.Connect();
        var all = client.Call<MetadataRequest, MetadataResponse>(new MetadataRequest { Topics = null }, 12);
        var node = Assert.Single(all.Brokers);
        Assert.Equal(_h.Listener.AdvertisedPort, node.Port);
        Assert.Equal(node.NodeId, all.ControllerId);
        Assert.Equal(_h.Broker.Broker.ClusterId, all.ClusterId);
        var existing = Assert.Single(all.Topics, t => t.Name == "existing");
        Assert.Equal(_h.Broker.Broker.Topics.Get("existing").Id, existing.TopicId);
        Assert.All(existing.Partitions, p => Assert.Equal([node.NodeId], p.IsrNodes));

        var refused = client.Call<MetadataRequest, MetadataResponse>(new MetadataRequest { Topics = [new MetadataRequestTopic { Name = "fresh" }], AllowAutoTopicCreation = false }, 9);
        Assert.Equal((short)ErrorCode.UnknownTopicOrPartition, Assert.Single(refused.Topics).ErrorCode);
        var created = client.Call<MetadataRequest, MetadataResponse>(new MetadataRequest { Topics = [new MetadataRequestTopic { Name = "fresh" }], AllowAutoTopicCreation = true }, 9);
        Assert.Equal(0, Assert.Single(created.Topics).ErrorCode);
        var invalid = client.Call<MetadataRequest, MetadataResponse>(new MetadataRequest { Topics = [new MetadataRequestTopic { Name = "bad name!" }] }, 9);
        Assert.Equal((short)ErrorCode.InvalidTopic, Assert.Single(invalid.Topics).ErrorCode);
    }

    [Fact]
    public void ProduceThenFetch_ServesTheStoredBatchBytes_AsProduced()
    {
        _h.Broker.CreateTopic("t", 1);
        using var client = _h.Connect();
        var batch = Batch(10, compression: Streaming.Protocol.Records.CompressionType.Lz4);
        var sent = (byte[])batch.Clone();
        var produced = client.Call<ProduceRequest, ProduceResponse>(Produce("t", 0, batch), 9);
        var result = Assert.Single(Assert.Single(produced.Responses).PartitionResponses);
        Assert.Equal(0, result.ErrorCode);
        Assert.Equal(0, result.BaseOffset);

        var fetched = client.Call<FetchRequest, FetchResponse>(new FetchRequest
        {
            MaxWaitMs = 0,
            MinBytes = 1,
            MaxBytes = 1 << 20,
            Topics = [new FetchTopic { Topic = "t", Partitions = [new FetchPartition { Partition = 0, FetchOffset = 0, PartitionMaxBytes = 1 << 20 }] }],
        }, 12);
        var data = Assert.Single(Assert.Single(fetched.Responses).Partitions);
        Assert.Equal(0, data.ErrorCode);
        Assert.Equal(10, data.HighWatermark);
        // Byte for byte what the client sent (its base offset was 0 already).
        Assert.Equal(sent, data.Records!.Value.ToArray());
    }

    [Fact]
    public void Fetch_ByTopicId_AndOutOfRange_AndUnknownId()
    {
        _h.Broker.CreateTopic("t", 1);
        var id = _h.Broker.Broker.Topics.Get("t").Id;
        using var client = _h.Connect();
        client.Call<ProduceRequest, ProduceResponse>(Produce("t", 0, Batch(3)), 9);
        FetchResponse Fetch(Guid topicId, long offset) => client.Call<FetchRequest, FetchResponse>(new FetchRequest
        {
            MaxWaitMs = 0,
            MaxBytes = 1 << 20,
            Topics = [new FetchTopic { TopicId = topicId, Partitions = [new FetchPartition { Partition = 0, FetchOffset = offset, PartitionMaxBytes = 1 << 20 }] }],
        }, 13);
        Assert.Equal(0, Fetch(id, 0).Responses[0].Partitions[0].ErrorCode);
        Assert.Equal((short)ErrorCode.OffsetOutOfRange, Fetch(id, 50).Responses[0].Partitions[0].ErrorCode);
        Assert.Equal((short)ErrorCode.UnknownTopicId, Fetch(Guid.NewGuid(), 0).Responses[0].Partitions[0].ErrorCode);
    }

    [Fact]
    public async Task Fetch_LongPolls_AndWakesAtTheFirstAppend()
    {
        _h.Broker.CreateTopic("t", 1);
        using var consumer = _h.Connect();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var fetch = Task.Run(() => consumer.Call<FetchRequest, FetchResponse>(new FetchRequest
        {
            MaxWaitMs = 20_000,
            MinBytes = 1,
            MaxBytes = 1 << 20,
            Topics = [new FetchTopic { Topic = "t", Partitions = [new FetchPartition { Partition = 0, FetchOffset = 0, PartitionMaxBytes = 1 << 20 }] }],
        }, 12));
        Assert.True(Groups.PollingConsumer.WaitUntil(() => _h.Listener.ConnectionCount == 1, TimeSpan.FromSeconds(5)));
        Assert.False(fetch.IsCompleted);
        using var producer = _h.Connect();
        producer.Call<ProduceRequest, ProduceResponse>(Produce("t", 0, Batch(2)), 9);
        var response = await fetch.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(response.Responses[0].Partitions[0].Records!.Value.Length > 0);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"the fetch took {started.Elapsed}: the append did not wake it");
    }

    [Fact]
    public void PipelinedRequests_AreAnsweredInOrder_AndAcksZeroGetsNoAnswer()
    {
        _h.Broker.CreateTopic("t", 2);
        using var client = _h.Connect();
        var ids = new List<int>();
        for (int i = 0; i < 20; i++)
        {
            if (i % 5 == 4) client.Send(Produce("t", i % 2, Batch(1), acks: 0), 9); // never answered
            else ids.Add(client.Send(Produce("t", i % 2, Batch(1), acks: (short)(i % 2 == 0 ? -1 : 1)), 9));
        }
        ids.Add(client.Send(new MetadataRequest { Topics = null }, 12));
        var received = new List<int>();
        for (int i = 0; i < ids.Count - 1; i++)
        {
            client.Receive<ProduceResponse>(9, out int id);
            received.Add(id);
        }
        client.Receive<MetadataResponse>(12, out int last);
        received.Add(last);
        Assert.Equal(ids, received);
        Assert.Equal(20, _h.Broker.Broker.Topics.Get("t").Partitions.Sum(p => p.LogEndOffset));
    }

    [Fact]
    public void CreateTopics_WithReplicationFactorAboveOne_NamesTheKafkaTransport()
    {
        using var client = _h.Connect();
        var response = client.Call<CreateTopicsRequest, CreateTopicsResponse>(new CreateTopicsRequest
        {
            Topics =
            [
                new CreatableTopic { Name = "replicated", NumPartitions = 3, ReplicationFactor = 3 },
                new CreatableTopic { Name = "single", NumPartitions = 2, ReplicationFactor = 1, Configs = [new CreatableTopicConfig { Name = "retention.ms", Value = "1000" }] },
                new CreatableTopic { Name = "defaults", NumPartitions = -1, ReplicationFactor = -1 },
            ],
        }, 7);
        var replicated = response.Topics[0];
        Assert.Equal((short)ErrorCode.InvalidReplicationFactor, replicated.ErrorCode);
        Assert.Contains("Kafka transport", replicated.ErrorMessage);
        Assert.Equal(0, response.Topics[1].ErrorCode);
        Assert.Equal(2, response.Topics[1].NumPartitions);
        Assert.Contains(response.Topics[1].Configs!, c => c.Name == "retention.ms" && c.Value == "1000");
        Assert.Equal(0, response.Topics[2].ErrorCode);
        Assert.Equal(2, _h.Broker.Broker.Topics.Get("single").Partitions.Length);
        Assert.False(_h.Broker.Broker.Topics.TryGet("replicated", out _));
    }
}
