using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using Streaming.Protocol.Records;

namespace Streaming.Protocol.Messages;

/// <summary>
/// Writes Kafka protocol primitives into an <see cref="IBufferWriter{T}"/>. Bytes are staged in a span obtained from
/// the output and committed as it fills; call <see cref="Flush"/> when done.
/// </summary>
/// <remarks>
/// Two special modes: a <em>measuring</em> writer (<see cref="CreateMeasuring"/>) only counts bytes, and a writer given
/// a <see cref="RecordsSegment"/> list <em>defers</em> record sets: it writes their length prefix, then notes where their
/// bytes belong instead of copying them, so a large Fetch response can be sent without copying the records.
/// </remarks>
public ref partial struct ProtocolWriter
{
    private const int MinBufferSize = 256;

    private readonly IBufferWriter<byte> _output;
    private readonly List<RecordsSegment>? _deferredRecords;
    private readonly bool _measuring;
    private Span<byte> _span;
    private int _buffered;
    private long _committed;
    private long _deferredBytes;

    /// <summary>Writes into <paramref name="output"/>.</summary>
    public ProtocolWriter(IBufferWriter<byte> output) : this(output, null) { }

    /// <summary>
    /// Writes into <paramref name="output"/>; when <paramref name="deferredRecords"/> is given, record sets are not copied
    /// but appended to it with the output position at which their bytes belong.
    /// </summary>
    public ProtocolWriter(IBufferWriter<byte> output, List<RecordsSegment>? deferredRecords)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _deferredRecords = deferredRecords;
    }

    private ProtocolWriter(bool measuring)
    {
        _output = DiscardingBufferWriter.Instance;
        _measuring = measuring;
    }

    /// <summary>A writer that writes nothing and only counts the bytes a message would take (<see cref="BytesWritten"/>).</summary>
    public static ProtocolWriter CreateMeasuring() => new(measuring: true);

    /// <summary>
    /// Bytes written so far, including staged bytes not yet flushed. In deferring and measuring modes record bytes count
    /// as written even though they were not copied.
    /// </summary>
    public readonly long BytesWritten => _committed + _buffered + _deferredBytes;

    /// <summary>Commits the staged bytes to the output.</summary>
    public void Flush()
    {
        if (_buffered > 0)
        {
            _output.Advance(_buffered);
            _committed += _buffered;
            _buffered = 0;
        }
        _span = default;
    }

    public void WriteInt8(sbyte value) => Reserve(1)[0] = (byte)value;

    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16BigEndian(Reserve(2), value);

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Reserve(2), value);

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32BigEndian(Reserve(4), value);

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Reserve(4), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64BigEndian(Reserve(8), value);

    public void WriteFloat64(double value) => BinaryPrimitives.WriteDoubleBigEndian(Reserve(8), value);

    public void WriteBool(bool value) => Reserve(1)[0] = value ? (byte)1 : (byte)0;

    /// <summary>Writes a UUID in Kafka's (big-endian, RFC 4122) byte order.</summary>
    public void WriteUuid(Guid value) => KafkaUuid.Write(Reserve(16), value);

    /// <summary>Writes a zigzag-encoded 32-bit varint.</summary>
    public void WriteVarint(int value)
    {
        Span<byte> span = Reserve(Varint.MaxLength32, commit: false);
        Commit(Varint.WriteSigned(span, value));
    }

    /// <summary>Writes a zigzag-encoded 64-bit varint.</summary>
    public void WriteVarlong(long value)
    {
        Span<byte> span = Reserve(Varint.MaxLength64, commit: false);
        Commit(Varint.WriteSigned(span, value));
    }

    /// <summary>Writes an unsigned 32-bit varint.</summary>
    public void WriteUnsignedVarint(uint value)
    {
        Span<byte> span = Reserve(Varint.MaxLength32, commit: false);
        Commit(Varint.WriteUnsigned(span, value));
    }

    /// <summary>Writes raw bytes with no length prefix.</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        if (_measuring)
        {
            _committed += bytes.Length;
            return;
        }

        while (!bytes.IsEmpty)
        {
            Span<byte> span = Reserve(1, commit: false);
            int n = Math.Min(span.Length, bytes.Length);
            bytes[..n].CopyTo(span);
            Commit(n);
            bytes = bytes[n..];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Reserve(int size, bool commit = true)
    {
        if (_span.Length - _buffered < size) Grow(size);
        Span<byte> span = _span.Slice(_buffered, commit ? size : _span.Length - _buffered);
        if (commit) _buffered += size;
        return span;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Commit(int size) => _buffered += size;

    private void Grow(int size)
    {
        Flush();
        _span = _output.GetSpan(Math.Max(size, MinBufferSize));
        if (_span.Length < size) throw new InvalidOperationException($"the output gave a {_span.Length}-byte buffer, {size} were asked for");
    }

}
