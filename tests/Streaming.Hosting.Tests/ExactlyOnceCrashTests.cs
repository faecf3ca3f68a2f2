using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Streaming.Broker;

namespace Streaming.Hosting.Tests;

public sealed class ExactlyOnceCrashTests
{
    private const int Records = 3000;

    [Fact]
    public async Task ExactlyOnce_HostProcessKilledMidTransaction_EveryInputIsCopiedExactlyOnce()
    {
        using var dir = new TempDirectory();
        await ProduceInputAsync(dir.Path);

        int printedBeforeKill;
        using (var child = Process.Start(ChildStart(dir.Path))!)
        {
            int printed = 0;
            var stderr = new StringBuilder();
            child.OutputDataReceived += (_, e) =>
            {
                if (e.Data is not null) Interlocked.Increment(ref printed);
            };
            child.ErrorDataReceived += (_, e) => stderr.AppendLine(e.Data);
            child.BeginOutputReadLine();
            child.BeginErrorReadLine();
            // Kill it while it is copying: some transactions committed, one open.
            var deadline = DateTime.UtcNow + TestHost.Timeout;
            while (Volatile.Read(ref printed) < Records / 5 && !child.HasExited && DateTime.UtcNow < deadline) await Task.Yield();
            Assert.False(child.HasExited, "the child exited early: " + stderr);
            Assert.True(Volatile.Read(ref printed) >= Records / 5, "the child did not get going: " + stderr);
            child.Kill(entireProcessTree: true); // SIGKILL
            await child.WaitForExitAsync().WaitAsync(TestHost.Timeout);
            printedBeforeKill = printed;
        }
        Assert.InRange(printedBeforeKill, Records / 5, Records - 1);

        // The same job in this process: its producer fences the killed one's transactional id and aborts what it left
        // open; the consumer resumes from the offsets committed with the last committed transaction.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        CopyJob.AddTo(builder, dir.Path);
        using var host = builder.Build();
        await host.StartAsync();
        using (var cts = new CancellationTokenSource(TestHost.Timeout))
            await host.Services.GetRequiredService<ConsumptionTracker>().WaitUntilConsumedAsync(cts.Token);
        await host.StopAsync();

        var output = TestHost.ReadToEnd(host.Services.GetRequiredService<IStreamingTransport>(), CopyJob.Output, partitions: 2, readCommitted: true);
        var values = output.Select(r => r.Message.Value).ToList();
        Assert.Equal(Records, values.Distinct().Count()); // nothing lost
        Assert.Equal(Records, values.Count); // nothing twice
    }

    private static async Task ProduceInputAsync(string dataDirectory)
    {
        using var broker = EmbeddedBroker.Open(new EmbeddedBrokerOptions { DataDirectory = dataDirectory });
        using (var admin = broker.CreateAdminClient(new AdminClientConfig()))
        {
            await admin.CreateTopicsAsync([
                new TopicSpecification { Name = CopyJob.Input, NumPartitions = 2 },
                new TopicSpecification { Name = CopyJob.Output, NumPartitions = 2 },
            ]);
        }
        using var producer = new ProducerBuilder<string, string>(broker, new ProducerConfig()).Build();
        for (int i = 0; i < Records; i++)
            producer.Produce(new TopicPartition(CopyJob.Input, i % 2), new Message<string, string> { Key = "k" + i, Value = "v" + i });
        producer.Flush();
    }

    private static ProcessStartInfo ChildStart(string dataDirectory)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "Streaming.Hosting.CrashChild.dll");
        // The host running the tests, if it is dotnet (it is under `dotnet test`); otherwise the one on the PATH.
        string host = Environment.ProcessPath is { } current && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add(dataDirectory);
        return start;
    }
}
