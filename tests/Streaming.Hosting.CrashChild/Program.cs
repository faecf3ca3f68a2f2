using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Streaming;
using Streaming.Hosting;

// Usage: Streaming.Hosting.CrashChild <data directory>
// Each record takes a millisecond here, so that the test can kill the process mid-way.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
CopyJob.AddTo(builder, args[0]);
CopyHandler.Pause = TimeSpan.FromMilliseconds(1);
await builder.Build().RunAsync();

/// <summary>The exactly-once copy job the crash test runs here and, after the kill, in the test process.</summary>
public static class CopyJob
{
    public const string Input = "in";
    public const string Output = "out";
    public const string Group = "copy";

    public static void AddTo(IHostApplicationBuilder builder, string dataDirectory)
    {
        builder.AddStreaming(o =>
            {
                o.EmbeddedBroker.DataDirectory = dataDirectory;
                o.EmbeddedBroker.GroupInitialRebalanceDelay = TimeSpan.Zero;
            })
            .AddTopic(Input, 2).AddTopic(Output, 2)
            .AddConsumer<CopyHandler>(Input, Group, o =>
            {
                o.DeliveryGuarantee = DeliveryGuarantee.ExactlyOnce;
                o.CommitInterval = TimeSpan.FromMilliseconds(50);
                o.TransactionalId = "copy.exactly-once";
            });
    }
}

/// <summary>Copies a record to <see cref="CopyJob.Output"/> inside the transaction and says so on stdout.</summary>
public sealed class CopyHandler : IRecordHandler<string, string>
{
    /// <summary>How long each record takes (the child slows itself down so that it can be killed mid-way).</summary>
    public static TimeSpan Pause { get; set; } = TimeSpan.Zero;

    public async ValueTask HandleAsync(ConsumeResult<string, string> record, RecordContext context)
    {
        if (Pause > TimeSpan.Zero) await Task.Delay(Pause, context.CancellationToken);
        await context.Producer.ProduceAsync(CopyJob.Output, new Message<string, string> { Key = record.Message.Key, Value = record.Message.Value }, context.CancellationToken);
        Console.Out.WriteLine(record.Message.Value);
    }
}
