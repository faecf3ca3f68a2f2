using BenchmarkDotNet.Attributes;
using Streaming.Broker.Log;
using Streaming.Broker.Storage;
using Streaming.Protocol.Records;

namespace Streaming.Benchmarks;

/// <summary>
/// The partition log's hot paths on the real file system: appending a prebuilt 16 KiB batch (validate with CRC, assign
/// offsets, pwrite, index) and reading batches back. Appends go to a temp directory whose old segments are deleted by
/// retention every <see cref="AppendsPerRetention"/> appends, so the disk does not fill up.
/// </summary>
[MemoryDiagnoser]
public class PartitionLogBenchmarks
{
    private const int AppendsPerRetention = 4096;
    private const int ReadLogBatches = 4096; // 64 MiB to read from
    private string _directory = null!;
    private PartitionLog _appendLog = null!;
    private PartitionLog _readLog = null!;
    private byte[] _batch = [];
    private byte[] _readBuffer = [];
    private long _readOffset;
    private int _appends;
    private long _endOffset;
    private int _recordsPerBatch;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "streaming-bench-" + Guid.NewGuid().ToString("N"));
        _batch = BuildBatch(16 * 1024);
        var config = TopicConfig.Parse(new Dictionary<string, string>
        {
            [TopicConfig.SegmentBytesKey] = (64 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            [TopicConfig.RetentionBytesKey] = (128 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        _appendLog = PartitionLog.Open(FileStorage.Instance, Path.Combine(_directory, "append-0"), new TopicPartition("append", 0), config, TimeProvider.System, cleanShutdown: true);
        _readLog = PartitionLog.Open(FileStorage.Instance, Path.Combine(_directory, "read-0"), new TopicPartition("read", 0), TopicConfig.Default, TimeProvider.System, cleanShutdown: true);
        for (int i = 0; i < ReadLogBatches; i++) _endOffset = _readLog.Append(_batch).LastOffset + 1;
        _recordsPerBatch = RecordBatchHeader.Read(_batch).RecordsCount;
        _readBuffer = new byte[1024 * 1024];
    }

    /// <summary>A batch of 8-byte-key, 100-byte-value records just under <paramref name="size"/> bytes, as a producer seals it.</summary>
    internal static byte[] BuildBatch(int size)
    {
        using var builder = new RecordBatchBuilder(size);
        var key = new byte[8];
        var value = new byte[100];
        new Random(42).NextBytes(value);
        long timestamp = 1_700_000_000_000;
        for (int i = 0; builder.SizeInBytes + builder.EstimateRecordSize(timestamp, 8, 100, 0, 0) <= size; i++)
        {
            BitConverter.TryWriteBytes(key, (long)i);
            builder.Append(timestamp, key, false, value, false);
        }
        return builder.Seal().ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _appendLog.Close(clean: false);
        _readLog.Close(clean: false);
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Append one 16 KiB batch (~135 records) to the log (acks=1 path: no fsync).</summary>
    [Benchmark]
    public long Append16KiBBatch()
    {
        if (++_appends % AppendsPerRetention == 0) _appendLog.ApplyRetention(DateTimeOffset.UtcNow);
        return _appendLog.Append(_batch).BaseOffset;
    }

    /// <summary>Read whole batches into a 1 MiB fetch buffer (64 batches), walking the log from start to end.</summary>
    [Benchmark]
    public int Read1MiB()
    {
        var result = _readLog.Read(_readOffset, _readBuffer);
        _readOffset += result.BytesRead / _batch.Length * _recordsPerBatch;
        if (result.BytesRead == 0 || _readOffset >= _endOffset) _readOffset = 0;
        return result.BytesRead;
    }

    /// <summary>Read one 16 KiB batch into a buffer that holds exactly one.</summary>
    [Benchmark]
    public int ReadOneBatch()
    {
        _readOffset = (_readOffset + _recordsPerBatch * 7L) % _endOffset;
        return _readLog.Read(_readOffset, _readBuffer.AsSpan(0, _batch.Length)).BytesRead;
    }
}
