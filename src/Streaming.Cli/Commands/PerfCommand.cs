using System.CommandLine;
using Streaming.Cli.Internal;
using Streaming.Perf;

namespace Streaming.Cli.Commands;

/// <summary>`streaming perf produce|consume|e2e`: the perf harness (Perf/) against a listener or in process.</summary>
internal static class PerfCommand
{
    private const long DefaultRecords = 1_000_000;

    public static Command Create() => new("perf", "Measures throughput and end-to-end latency against a broker (--bootstrap-server) or in this process (--in-process); progress each second, --json for a machine-readable result")
    {
        Mode("produce", "Producer throughput: sends --records records and waits for their acks", PerfMode.Produce),
        Mode("consume", "Consumer throughput: fills a topic with --records records, then reads them all back (both phases are reported)", PerfMode.Consume),
        Mode("e2e", "End-to-end latency: a producer paced at --rate records/s and a concurrent consumer; p50/p99/p999/max", PerfMode.EndToEnd),
    };

    private enum PerfMode
    {
        Produce,
        Consume,
        EndToEnd,
    }

    private static Command Mode(string name, string description, PerfMode mode)
    {
        var set = new PerfOptionSet();
        var connection = new ConnectionOptions();
        var inProcess = new Option<bool>("--in-process") { Description = "Run against an embedded broker in this process instead of --bootstrap-server" };
        var command = new Command(name, description) { inProcess };
        set.AddTo(command, latency: mode == PerfMode.EndToEnd, skipConsume: false);
        connection.AddTo(command);
        if (mode == PerfMode.EndToEnd) set.Rate.DefaultValueFactory = _ => 10_000;
        command.SetAction(async (parse, ct) =>
        {
            string? bootstrap = parse.GetValue(inProcess) ? null : parse.GetValue(connection.BootstrapServer);
            var options = set.Build(parse, DefaultRecords, bootstrap, latency: mode == PerfMode.EndToEnd, skipConsume: mode == PerfMode.Produce);
            if (bootstrap is not null)
                await BrokerProbe.EnsureReachableAsync(bootstrap, TimeSpan.FromMilliseconds(parse.GetValue(connection.TimeoutMs)), ct).ConfigureAwait(false);
            return PerfOptionSet.Run(options);
        });
        return command;
    }
}
