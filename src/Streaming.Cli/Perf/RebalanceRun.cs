using System.Text.Json;
using Streaming.Broker;

namespace Streaming.Perf;

/// <summary>The rebalance measurement: settle time of a cooperative-sticky group after one more member joins, 5 trials.</summary>
internal static class RebalanceRun
{
    public static int Run(int members, int partitions, bool json)
    {
        if (partitions < members + 1)
        {
            Console.Error.WriteLine($"--partitions ({partitions}) must be at least --rebalance-members + 1 ({members + 1}) so that every member can hold a partition");
            return 2;
        }
        string directory = Path.Combine(Path.GetTempPath(), "streaming-perf-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var broker = EmbeddedBroker.Open(new EmbeddedBrokerOptions { DataDirectory = directory, GroupInitialRebalanceDelay = TimeSpan.Zero });
            using (var admin = broker.CreateAdminClient(new AdminClientConfig()))
                admin.CreateTopicsAsync([new TopicSpecification { Name = "settle", NumPartitions = partitions }]).GetAwaiter().GetResult();
            var trials = new List<double>();
            for (int i = 0; i < 5; i++)
            {
                double ms = GroupBench.SettleAfterJoin(broker, "settle", members, partitions).TotalMilliseconds;
                trials.Add(ms);
                if (!json) Console.WriteLine($"trial {i + 1}: {members} members + 1 settled in {ms:F1} ms");
            }
            double median = trials.Order().ElementAt(trials.Count / 2);
            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(new { members, partitions, assignor = "cooperative-sticky", settleMsMedian = Math.Round(median, 1), settleMsTrials = trials.Select(t => Math.Round(t, 1)) }));
            }
            else
            {
                Console.WriteLine($"median settle time: {median:F1} ms (every member assigned, generation moved by two rounds, group stable)");
            }
            return 0;
        }
        finally
        {
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { }
        }
    }
}
