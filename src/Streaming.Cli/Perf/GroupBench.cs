using System.Diagnostics;
using Streaming.Broker;

namespace Streaming.Perf;

/// <summary>
/// Consumer-group measurements: (1) N members of one group reading a topic from the beginning, in aggregate;
/// (2) how long a cooperative-sticky group of N members takes to settle after one more member joins.
/// </summary>
internal static class GroupBench
{
    /// <summary>Consumes <paramref name="records"/> records of <paramref name="topic"/> with <paramref name="members"/> group members; returns seconds.</summary>
    public static double ConsumeWithGroup(IStreamingTransport broker, string topic, long records, int members, Action<long> progress)
    {
        long consumed = 0;
        using var done = new CancellationTokenSource();
        var start = new Barrier(members + 1);
        var threads = Enumerable.Range(0, members).Select(i => new Thread(() =>
        {
            var config = new ConsumerConfig
            {
                GroupId = "perf-group",
                ClientId = $"perf-member-{i}",
                AutoOffsetReset = AutoOffsetReset.Earliest,
                EnableAutoCommit = true,
            };
            using var consumer = new ConsumerBuilder<byte[], byte[]>(broker, config).Build();
            consumer.Subscribe(topic);
            start.SignalAndWait();
            while (!done.IsCancellationRequested)
            {
                var batch = consumer.ConsumeBatch(TimeSpan.FromMilliseconds(100));
                long n = 0;
                foreach (var record in batch) n += record.Value.Length > 0 ? 1 : 0;
                if (n == 0) continue;
                long total = Interlocked.Add(ref consumed, n);
                progress(total);
                if (total >= records) done.Cancel();
            }
        }) { IsBackground = true, Name = $"perf-member-{i}" }).ToArray();
        foreach (var t in threads) t.Start();
        start.SignalAndWait();
        var sw = Stopwatch.StartNew();
        foreach (var t in threads) t.Join();
        return sw.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Starts <paramref name="members"/> cooperative-sticky members on a topic of <paramref name="partitions"/> partitions,
    /// waits until the group is stable, adds one member, and returns how long until every member holds partitions, the
    /// generation has moved by two (both cooperative rounds) and the group is stable again.
    /// </summary>
    public static TimeSpan SettleAfterJoin(EmbeddedBroker broker, string topic, int members, int partitions)
    {
        using var admin = broker.CreateAdminClient(new AdminClientConfig());
        string group = "settle-" + Guid.NewGuid().ToString("N")[..8];
        using var stop = new CancellationTokenSource();
        var threads = new List<Thread>();
        var assignments = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        Exception? memberError = null;

        void StartMember(int id)
        {
            var ready = new ManualResetEventSlim();
            var t = new Thread(() =>
            {
                var config = new ConsumerConfig
                {
                    GroupId = group,
                    ClientId = $"member-{id}",
                    AutoOffsetReset = AutoOffsetReset.Earliest,
                    PartitionAssignmentStrategy = "cooperative-sticky",
                };
                try
                {
                    using var consumer = new ConsumerBuilder<byte[], byte[]>(broker, config).Build();
                    consumer.Subscribe(topic);
                    ready.Set();
                    while (!stop.IsCancellationRequested)
                    {
                        consumer.ConsumeBatch(TimeSpan.FromMilliseconds(20));
                        assignments[id] = consumer.Assignment.Count;
                    }
                }
                catch (Exception ex)
                {
                    memberError ??= ex;
                    ready.Set();
                }
            }) { IsBackground = true, Name = $"settle-member-{id}" };
            t.Start();
            ready.Wait();
            threads.Add(t);
        }

        bool Settled(int count, int minGeneration, out int generation)
        {
            generation = 0;
            ConsumerGroupDescription d;
            try
            {
                d = admin.DescribeConsumerGroupAsync(group).GetAwaiter().GetResult();
            }
            catch (GroupIdNotFoundException)
            {
                return false; // no member has polled (and so joined) yet
            }
            generation = d.Generation;
            return d.State == ConsumerGroupState.Stable && d.Members.Count == count && d.Generation >= minGeneration
                   && d.Members.All(m => m.Assignment.Count > 0)
                   && d.Members.Sum(m => m.Assignment.Count) == partitions
                   && assignments.Count == count && assignments.Values.All(v => v > 0);
        }

        try
        {
            for (int i = 0; i < members; i++) StartMember(i);
            var wait = Stopwatch.StartNew();
            int before;
            while (!Settled(members, 0, out before))
            {
                if (memberError is not null) throw new InvalidOperationException($"a member failed: {memberError.Message}", memberError);
                if (wait.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"the first {members} members did not settle within 60 s");
                Thread.Sleep(5);
            }
            var sw = Stopwatch.StartNew();
            StartMember(members);
            while (!Settled(members + 1, before + 2, out _))
            {
                if (memberError is not null) throw new InvalidOperationException($"a member failed: {memberError.Message}", memberError);
                if (sw.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException("the group did not settle within 60 s after the new member joined");
                Thread.Sleep(1);
            }
            return sw.Elapsed;
        }
        finally
        {
            stop.Cancel();
            foreach (var t in threads) t.Join();
        }
    }
}
