using BenchmarkDotNet.Attributes;
using Streaming.Protocol.Records;

namespace Streaming.Benchmarks;

/// <summary>The hot paths of the record format: building a batch, validating and walking one, and the CRC.</summary>
[MemoryDiagnoser]
public class RecordBatchBenchmarks
{
    private const int RecordCount = 100;
    private const int KeySize = 8;
    private const int ValueSize = 100;
    private const long BaseTimestamp = 1_700_000_000_000;

    private readonly byte[][] _keys = new byte[RecordCount][];
    private readonly byte[] _value = new byte[ValueSize];
    private readonly byte[] _crcData = new byte[16 * 1024];
    private RecordBatchBuilder _builder = null!;
    private byte[] _batch = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        for (int i = 0; i < RecordCount; i++)
        {
            _keys[i] = new byte[KeySize];
            random.NextBytes(_keys[i]);
        }
        random.NextBytes(_value);
        random.NextBytes(_crcData);
        _builder = new RecordBatchBuilder();
        _batch = Build().ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _builder.Dispose();

    private ReadOnlyMemory<byte> Build()
    {
        _builder.Reset();
        for (int i = 0; i < RecordCount; i++)
            _builder.Append(BaseTimestamp + i, _keys[i], keyIsNull: false, _value, valueIsNull: false);
        return _builder.Seal();
    }

    /// <summary>Reset, 100 appends of an 8-byte key and a 100-byte value, Seal (no compression).</summary>
    [Benchmark]
    public int BuildBatch100x100B() => Build().Length;

    /// <summary>Validate (CRC included) the same batch, then read every record with RecordReader.</summary>
    [Benchmark]
    public long ValidateAndIterate100x100B()
    {
        ReadOnlySpan<byte> batch = _batch;
        if (RecordBatch.Validate(batch, out RecordBatchHeader header) != BatchValidation.Valid)
            throw new InvalidOperationException("the benchmark batch is invalid");
        var reader = new RecordReader(header, batch[RecordBatchHeader.Size..header.TotalSize]);
        long sum = 0;
        while (reader.TryRead(out RecordView record))
            sum += record.Offset + record.Key.Length + record.Value.Length;
        return sum;
    }

    /// <summary>CRC-32C of 16 KiB.</summary>
    [Benchmark]
    public uint Crc32C16KiB() => Crc32C.Compute(_crcData);
}
