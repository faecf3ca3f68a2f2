using Microsoft.Extensions.Time.Testing;
using Streaming.Broker.Tests.TestSupport;

namespace Streaming.Broker.Tests.Groups;

/// <summary>Session expiry, max.poll.interval.ms and offset expiry, driven by a fake clock.</summary>
public sealed class GroupTimeoutTests : IDisposable
{
    private readonly FakeTimeProvider _time = BrokerHarness.FakeTime();
    private readonly BrokerHarness _h;
    private readonly List<PollingConsumer> _consumers = [];

    public GroupTimeoutTests() => _h = new BrokerHarness(o =>
    {
        ConsumerGroupTests.GroupOptions(o);
        o.OffsetsRetention = TimeSpan.FromHours(1);
    }, _time);

    public void Dispose()
    {
        foreach (var c in _consumers) c.Dispose();
        _h.Dispose();
    }

    private static ConsumerConfig Config() => new()
    {
        GroupId = "g",
        AutoOffsetReset = AutoOffsetReset.Earliest,
        SessionTimeoutMs = 1_000,
        HeartbeatIntervalMs = 100,
        MaxPollIntervalMs = 5_000,
        AutoCommitIntervalMs = 600_000,
    };

    private PollingConsumer Start(ConsumerConfig config, Action<IConsumer<string, string>, ConsumeResult<string, string>>? onRecord = null)
    {
        var pc = new PollingConsumer(self => new ConsumerBuilder<string, string>(_h.Broker, config)
            .SetPartitionsLostHandler((_, p) => self.Lost.Enqueue(p)).Build(), c => c.Subscribe("t"), onRecord);
        _consumers.Add(pc);
        return pc;
    }

    private void Advance(TimeSpan total)
    {
        for (var t = TimeSpan.Zero; t < total; t += TimeSpan.FromMilliseconds(100)) _time.Advance(TimeSpan.FromMilliseconds(100));
    }

    private bool Owns(PollingConsumer c, int partitions) => c.Assignment.Count == partitions;

    [Fact]
    public async Task MemberKilledWithoutLeaving_LosesPartitionsAfterSessionTimeout_OtherResumesFromCommit()
    {
        _h.CreateTopic("t", 2);
        using (var producer = _h.Producer())
            for (int i = 0; i < 20; i++) await producer.ProduceAsync(new TopicPartition("t", i % 2), new Message<string?, string?> { Value = $"{i}" });
        var a = Start(Config());
        var b = Start(Config());
        Assert.True(PollingConsumer.WaitUntil(() => Owns(a, 1) && Owns(b, 1)));
        var aPartition = a.Assignment.Single();
        Assert.True(PollingConsumer.WaitUntil(() => a.Received.Count >= 10));
        var committedDone = new ManualResetEventSlim();
        a.Post(c =>
        {
            c.Commit([new TopicPartitionOffset(aPartition, 4)]);
            committedDone.Set();
        });
        Assert.True(committedDone.Wait(TimeSpan.FromSeconds(10)));
        a.Abandon(); // killed: no leave, no more heartbeats
        _consumers.Remove(a);
        int before = b.Received.Count;

        Advance(TimeSpan.FromMilliseconds(900));
        Assert.Equal(2, _h.Broker.Groups.Groups.Single().Members.Count); // still within the session timeout
        Advance(TimeSpan.FromMilliseconds(400));
        Assert.True(PollingConsumer.WaitUntil(() => Owns(b, 2)));
        Assert.True(PollingConsumer.WaitUntil(() => b.Received.Skip(before).Any(r => r.TopicPartition == aPartition)));
        Assert.Equal(4, b.Received.Skip(before).First(r => r.TopicPartition == aPartition).Offset.Value); // no gap: from the commit
    }

    [Fact]
    public async Task MemberThatStopsPolling_LeavesAfterMaxPollInterval_AndItsPartitionsAreLost()
    {
        _h.CreateTopic("t", 2);
        var release = new ManualResetEventSlim();
        var stuck = new ManualResetEventSlim();
        Action<IConsumer<string, string>, ConsumeResult<string, string>> slowly = (_, _) =>
        {
            stuck.Set();
            release.Wait(); // processing that takes far too long
        };
        try
        {
            var a = Start(Config(), slowly);
            var b = Start(Config(), slowly);
            Assert.True(PollingConsumer.WaitUntil(() => Owns(a, 1) && Owns(b, 1)));
            using (var producer = _h.Producer()) await producer.ProduceAsync(new TopicPartition("t", 0), new Message<string?, string?> { Value = "x" });
            Assert.True(stuck.Wait(TimeSpan.FromSeconds(10)));
            var slow = a.Received.IsEmpty ? b : a;
            var other = slow == a ? b : a;

            Advance(TimeSpan.FromMilliseconds(5_500)); // past max.poll.interval.ms; the other member keeps heartbeating
            Assert.True(PollingConsumer.WaitUntil(() => Owns(other, 2), TimeSpan.FromSeconds(10)),
                $"other owns [{string.Join(",", other.Assignment)}], error {other.Error?.Message}; group members {_h.Broker.Groups.Groups.Single().Members.Count}");
            release.Set();
            Assert.True(PollingConsumer.WaitUntil(() => !slow.Lost.IsEmpty));
            Assert.Contains(new TopicPartition("t", 0), slow.Lost.SelectMany(p => p));
        }
        finally
        {
            release.Set();
        }
    }

    [Fact]
    public void OffsetsOfAnEmptyGroup_ExpireAfterOffsetsRetention()
    {
        _h.CreateTopic("t", 1);
        using (var consumer = new ConsumerBuilder<string, string>(_h.Broker, Config()).Build())
        {
            consumer.Assign([new TopicPartition("t", 0)]);
            consumer.Commit([new TopicPartitionOffset("t", 0, 0)]);
        }
        Assert.NotNull(_h.Broker.Groups.Offsets.Get("g", new TopicPartition("t", 0)));
        _time.Advance(TimeSpan.FromMinutes(50));
        Assert.NotNull(_h.Broker.Groups.Offsets.Get("g", new TopicPartition("t", 0)));
        _time.Advance(TimeSpan.FromMinutes(30));
        Assert.Null(_h.Broker.Groups.Offsets.Get("g", new TopicPartition("t", 0)));
        _h.Restart();
        Assert.Null(_h.Broker.Groups.Offsets.Get("g", new TopicPartition("t", 0)));
    }

    [Fact]
    public void HeartbeatsDuringARebalance_DoNotStartAnotherOne()
    {
        _h.CreateTopic("t", 2);
        var a = Start(Config());
        Assert.True(PollingConsumer.WaitUntil(() => Owns(a, 2)));
        var group = _h.Broker.Groups.Groups.Single();
        byte[] subscription = Streaming.Broker.InProcess.GroupProtocol.EncodeSubscription(["t"], default, [], -1);
        Task<Streaming.Broker.Groups.JoinGroupResult> RawJoin() => _h.Broker.Groups.JoinAsync("g", "", null, "raw", "host", "consumer", [("range", subscription)], 10_000, 5_000);

        // A raw member C joins and then goes silent (it never rejoins, but its session outlives the test).
        var c = RawJoin();
        Assert.True(PollingConsumer.WaitUntil(() => c.IsCompleted && group.State == ConsumerGroupState.Stable));
        int generation = group.Generation;

        // D joins: A rejoins at once and waits for C until the rebalance timeout (5 s of fake time), heartbeating meanwhile.
        var d = RawJoin();
        Assert.True(PollingConsumer.WaitUntil(() => group.State == ConsumerGroupState.PreparingRebalance && group.Members.Values.Count(m => m.JoinWaiter is not null) == 2));
        Advance(TimeSpan.FromMilliseconds(5_100));
        Assert.True(PollingConsumer.WaitUntil(() => group.State == ConsumerGroupState.Stable && group.Generation == generation + 1),
            $"state {group.State}, generation {group.Generation} (expected {generation + 1})");
        Advance(TimeSpan.FromMilliseconds(500)); // more heartbeats
        Assert.True(PollingConsumer.WaitUntil(() => a.Assignment.Count == 1));
        Assert.True((group.State, group.Generation) == (ConsumerGroupState.Stable, generation + 1),
            $"state {group.State} gen {group.Generation}; A lost {a.Lost.Count}, error {a.Error?.Message}"); // no rebalance started by A
        Assert.True(d.IsCompleted);
        Assert.True(a.Lost.IsEmpty);
    }
}
