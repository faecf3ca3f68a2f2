using System.Runtime;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Streaming.Perf;

/// <summary>What one run measured, and its JSON form.</summary>
internal sealed record PerfResult
{
    public required PerfOptions Options { get; init; }
    public required PhaseStats Produce { get; init; }
    public PhaseStats? Consume { get; init; }
    public LatencySummary? Latency { get; init; }
    public long PeakWorkingSetBytes { get; init; }
    public long Fsyncs { get; init; }
    public double LongestFsyncMs { get; init; }
    public long Transactions { get; init; }
    public double CommitMsTotal { get; init; }
    public double CommitMsMax { get; init; }

    /// <summary>"in-process" (the embedded broker in this process) or "kafka" (Confluent.Kafka clients to --bootstrap-server).</summary>
    public string Transport { get; init; } = "in-process";

    private const double MB = 1024 * 1024;

    public void WriteJson(Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
        long records = Options.Records;
        double bytes = records * (double)Options.RecordSize;
        json.WriteStartObject();
        json.WriteString("transport", Transport);
        json.WriteNumber("records", records);
        json.WriteNumber("recordSize", Options.RecordSize);
        json.WriteNumber("keySize", 8);
        json.WriteNumber("partitions", Options.Partitions);
        json.WriteNumber("producers", Options.Producers);
        json.WriteString("acks", Options.AcksText);
        if (Options.LingerMs is { } linger) json.WriteNumber("lingerMs", linger);
        else json.WriteNull("lingerMs");
        if (Options.Rate is { } rate) json.WriteNumber("targetRate", rate);
        else json.WriteNull("targetRate");
        json.WriteBoolean("transactional", Options.Transactional);
        if (Options.Transactional)
        {
            json.WriteNumber("transactionMs", Options.TransactionMs);
            json.WriteNumber("transactions", Transactions);
            json.WriteNumber("commitTransactionMsMean", Round(Transactions == 0 ? 0 : CommitMsTotal / Transactions));
            json.WriteNumber("commitTransactionMsMax", Round(CommitMsMax));
        }
        json.WriteNumber("produceSeconds", Round(Produce.Seconds));
        json.WriteNumber("produceRecordsPerSec", Round(records / Produce.Seconds));
        json.WriteNumber("produceMBPerSec", Round(bytes / MB / Produce.Seconds));
        json.WriteNumber("produceAllocatedBytesPerRecord", Round(Produce.AllocatedBytes / (double)records));
        if (Consume is { } consume)
        {
            json.WriteNumber("consumeSeconds", Round(consume.Seconds));
            json.WriteNumber("consumeRecordsPerSec", Round(records / consume.Seconds));
            json.WriteNumber("consumeMBPerSec", Round(bytes / MB / consume.Seconds));
            json.WriteNumber("consumeAllocatedBytesPerRecord", Round(consume.AllocatedBytes / (double)records));
        }
        else
        {
            json.WriteNull("consumeRecordsPerSec");
            json.WriteNull("consumeMBPerSec");
        }
        if (Latency is { } latency)
        {
            json.WriteStartObject("latencyMs");
            json.WriteNumber("count", latency.Count);
            json.WriteNumber("p50", Round(latency.P50));
            json.WriteNumber("p99", Round(latency.P99));
            json.WriteNumber("p999", Round(latency.P999));
            json.WriteNumber("max", Round(latency.Max));
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("latencyMs");
        }
        json.WriteNumber("peakWorkingSetMB", Round(PeakWorkingSetBytes / MB));
        json.WriteNumber("fsyncs", Fsyncs);
        json.WriteNumber("longestFsyncMs", Round(LongestFsyncMs));
        WriteMachine(json);
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }

    /// <summary>The "machine" object every JSON result ends with.</summary>
    public static void WriteMachine(Utf8JsonWriter json)
    {
        json.WriteStartObject("machine");
        json.WriteNumber("processorCount", Environment.ProcessorCount);
        json.WriteString("os", RuntimeInformation.OSDescription);
        json.WriteString("architecture", RuntimeInformation.ProcessArchitecture.ToString());
        json.WriteString("dotnet", RuntimeInformation.FrameworkDescription);
        json.WriteBoolean("serverGC", GCSettings.IsServerGC);
        json.WriteEndObject();
    }

    public static double Round(double value) => Math.Round(value, 3);
}
