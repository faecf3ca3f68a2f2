using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using Streaming.Broker.Tests.Groups;
using Streaming.Protocol.Messages;

namespace Streaming.Broker.Tests.Protocol;

/// <summary>
/// What a hostile or broken client can send — malformed frames, absurd lengths, unknown APIs, truncated requests,
/// silence, a hang-up mid-request, random and mutated bytes — closes that connection at most. The broker keeps
/// serving everyone else and leaks no connection.
/// </summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    private ListenerHarness _h = null!;

    public Task InitializeAsync()
    {
        _h = new ListenerHarness(listener: o =>
        {
            o.SocketRequestMaxBytes = 64 * 1024;
            o.ConnectionsMaxIdle = TimeSpan.FromSeconds(1);
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private void AssertBrokerStillServes()
    {
        using var client = _h.Connect();
        var response = client.Call<ApiVersionsRequest, ApiVersionsResponse>(new ApiVersionsRequest(), 2);
        Assert.Equal(0, response.ErrorCode);
    }

    private static byte[] Frame(Action<ProtocolWriter> body)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new ProtocolWriter(output);
        writer.WriteInt32(0);
        body(writer);
        writer.Flush();
        var frame = output.WrittenSpan.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(frame, frame.Length - 4);
        return frame;
    }

    [Fact]
    public void UnknownApiKey_ClosesTheConnection()
    {
        using var client = _h.Connect();
        client.SendRaw(Frame(w =>
        {
            w.WriteInt16(999); // no such API
            w.WriteInt16(0);
            w.WriteInt32(1);
            w.WriteNullableString("x", "ClientId");
        }));
        Assert.True(client.IsClosedByServer(TimeSpan.FromSeconds(10)));
        AssertBrokerStillServes();
    }

    [Fact]
    public void UnimplementedApiOrVersion_ClosesTheConnection()
    {
        using var client = _h.Connect();
        client.SendRaw(Frame(w =>
        {
            w.WriteInt16((short)ApiKey.Produce);
            w.WriteInt16(1); // below Kafka 4.0's floor
            w.WriteInt32(1);
            w.WriteNullableString("x", "ClientId");
        }));
        Assert.True(client.IsClosedByServer(TimeSpan.FromSeconds(10)));
        AssertBrokerStillServes();
    }

    [Fact]
    public void AbsurdLengthPrefix_ClosesTheConnection_WithoutAllocatingIt()
    {
        using var client = _h.Connect();
        client.SendRaw([0x7F, 0xFF, 0xFF, 0xFF, 1, 2, 3]);
        Assert.True(client.IsClosedByServer(TimeSpan.FromSeconds(10)));
        using var negative = _h.Connect();
        negative.SendRaw([0xFF, 0xFF, 0xFF, 0xF0]);
        Assert.True(negative.IsClosedByServer(TimeSpan.FromSeconds(10)));
        using var overLimit = _h.Connect();
        overLimit.SendRaw([0x00, 0x02, 0x00, 0x00]); // 128 KiB > socket.request.max.bytes (64 KiB here)
        Assert.True(overLimit.IsClosedByServer(TimeSpan.FromSeconds(10)));
        AssertBrokerStillServes();
    }

    [Fact]
    public void TruncatedRequestBody_ClosesTheConnection()
    {
        using var client = _h.Connect();
        client.SendRaw(Frame(w =>
        {
            w.WriteInt16((short)ApiKey.Metadata);
            w.WriteInt16(4);
            w.WriteInt32(1);
            w.WriteNullableString("x", "ClientId");
            w.WriteInt32(5); // five topics follow… but none does
        }));
        Assert.True(client.IsClosedByServer(TimeSpan.FromSeconds(10)));
        AssertBrokerStillServes();
    }

    [Fact]
    public void SilentClient_IsClosedAfterConnectionsMaxIdle()
    {
        using var client = _h.Connect();
        Assert.True(client.IsClosedByServer(TimeSpan.FromSeconds(15)));
        Assert.True(PollingConsumer.WaitUntil(() => _h.Listener.ConnectionCount == 0, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void ClientHangingUpMidRequest_LeavesNoConnectionBehind()
    {
        for (int i = 0; i < 20; i++)
        {
            using var client = _h.Connect();
            client.SendRaw([0, 0, 0, 100, 0, 3, 0]); // 100 bytes announced, 3 sent
        }
        Assert.True(PollingConsumer.WaitUntil(() => _h.Listener.ConnectionCount == 0, TimeSpan.FromSeconds(10)), $"{_h.Listener.ConnectionCount} connections left open");
        AssertBrokerStillServes();
    }

    [Fact]
    public void RandomAndMutatedFrames_NeverTakeTheBrokerDown()
    {
        _h.Broker.CreateTopic("t", 1);
        var random = new Random(20261123);
        var valid = new List<byte[]>();
        void Capture<T>(T request, ApiKey key, short version) where T : IKafkaMessage<T>
        {
            var output = new ArrayBufferWriter<byte>();
            KafkaFrames.WriteRequest(output, new RequestHeader { ApiKey = key, ApiVersion = version, CorrelationId = 1, ClientId = "fuzz" }, request);
            valid.Add(output.WrittenSpan.ToArray());
        }
        Capture(new MetadataRequest { Topics = [new MetadataRequestTopic { Name = "t" }] }, ApiKey.Metadata, 12);
        Capture(new MetadataRequest { Topics = [new MetadataRequestTopic { Name = "t" }] }, ApiKey.Metadata, 4);
        Capture(new FetchRequest { MaxWaitMs = 0, Topics = [new FetchTopic { Topic = "t", Partitions = [new FetchPartition { PartitionMaxBytes = 1000 }] }] }, ApiKey.Fetch, 11);
        Capture(new FindCoordinatorRequest { Key = "g" }, ApiKey.FindCoordinator, 2);
        Capture(new ListOffsetsRequest { Topics = [new ListOffsetsTopic { Name = "t", Partitions = [new ListOffsetsPartition { Timestamp = -1 }] }] }, ApiKey.ListOffsets, 5);
        Capture(new JoinGroupRequest { GroupId = "g", SessionTimeoutMs = 10_000, ProtocolType = "consumer", Protocols = [new JoinGroupRequestProtocol { Name = "range" }] }, ApiKey.JoinGroup, 5);

        for (int round = 0; round < 200; round++)
        {
            byte[] frame;
            if (round % 4 == 0)
            {
                frame = new byte[random.Next(4, 200)];
                random.NextBytes(frame);
                BinaryPrimitives.WriteInt32BigEndian(frame, frame.Length - 4);
            }
            else
            {
                frame = (byte[])valid[random.Next(valid.Count)].Clone();
                int flips = random.Next(1, 6);
                for (int f = 0; f < flips; f++) frame[random.Next(4, frame.Length)] = (byte)random.Next(256);
                if (round % 3 == 0) frame = frame[..random.Next(4, frame.Length)]; // and cut short (length prefix now lies)
            }
            using var client = _h.Connect();
            try
            {
                client.SendRaw(frame);
                client.IsClosedByServer(TimeSpan.FromMilliseconds(50)); // answered, closed or waiting: all fine
            }
            catch (IOException)
            {
                // the server closed first
            }
            catch (SocketException)
            {
            }
        }
        AssertBrokerStillServes();
        Assert.True(PollingConsumer.WaitUntil(() => _h.Listener.ConnectionCount <= 1, TimeSpan.FromSeconds(15)), $"{_h.Listener.ConnectionCount} connections left open");
    }
}
