using System.Buffers.Binary;

namespace Streaming.Protocol.Records;

/// <summary>The 61-byte header of a RecordBatch v2 (magic 2), read from or written to big-endian bytes.</summary>
public readonly struct RecordBatchHeader
{
    /// <summary>Size of the header in bytes.</summary>
    public const int Size = 61;

    /// <summary>Bytes before batchLength (baseOffset and the length itself): a batch occupies batchLength + 12 bytes.</summary>
    public const int LogOverhead = 12;

    /// <summary>The only message format this project reads and writes.</summary>
    public const byte CurrentMagic = 2;

    internal const int BaseOffsetPosition = 0;
    internal const int LengthPosition = 8;
    internal const int PartitionLeaderEpochPosition = 12;
    internal const int MagicPosition = 16;
    internal const int CrcPosition = 17;
    internal const int AttributesPosition = 21;
    internal const int LastOffsetDeltaPosition = 23;
    internal const int BaseTimestampPosition = 27;
    internal const int MaxTimestampPosition = 35;
    internal const int ProducerIdPosition = 43;
    internal const int ProducerEpochPosition = 51;
    internal const int BaseSequencePosition = 53;
    internal const int RecordsCountPosition = 57;

    /// <summary>The first byte that the CRC covers.</summary>
    public const int CrcStart = AttributesPosition;

    private const short CompressionMask = 0x07;
    private const short TimestampTypeFlag = 0x08;
    private const short TransactionalFlag = 0x10;
    private const short ControlFlag = 0x20;

    public long BaseOffset { get; init; }
    public int BatchLength { get; init; }
    public int PartitionLeaderEpoch { get; init; }
    public byte Magic { get; init; }
    public uint Crc { get; init; }
    public short Attributes { get; init; }
    public int LastOffsetDelta { get; init; }
    public long BaseTimestamp { get; init; }
    public long MaxTimestamp { get; init; }
    public long ProducerId { get; init; }
    public short ProducerEpoch { get; init; }
    public int BaseSequence { get; init; }
    public int RecordsCount { get; init; }

    /// <summary>Total bytes the batch occupies in a log or a fetch response.</summary>
    public int TotalSize => BatchLength + LogOverhead;

    /// <summary>Offset of the last record in the batch.</summary>
    public long LastOffset => BaseOffset + LastOffsetDelta;

    /// <summary>Offset the next batch starts at.</summary>
    public long NextOffset => LastOffset + 1;

    public CompressionType Compression => (CompressionType)(Attributes & CompressionMask);
    public bool IsLogAppendTime => (Attributes & TimestampTypeFlag) != 0;
    public bool IsTransactional => (Attributes & TransactionalFlag) != 0;
    public bool IsControl => (Attributes & ControlFlag) != 0;

    /// <summary>Builds the attributes field.</summary>
    public static short MakeAttributes(CompressionType compression, bool logAppendTime = false, bool transactional = false, bool control = false)
        => (short)((int)compression | (logAppendTime ? TimestampTypeFlag : 0) | (transactional ? TransactionalFlag : 0) | (control ? ControlFlag : 0));

    /// <summary>Reads the header from the first 61 bytes of <paramref name="source"/>; no check beyond the length.</summary>
    public static RecordBatchHeader Read(ReadOnlySpan<byte> source)
    {
        _ = source[Size - 1];
        return new RecordBatchHeader
        {
            BaseOffset = BinaryPrimitives.ReadInt64BigEndian(source),
            BatchLength = BinaryPrimitives.ReadInt32BigEndian(source[LengthPosition..]),
            PartitionLeaderEpoch = BinaryPrimitives.ReadInt32BigEndian(source[PartitionLeaderEpochPosition..]),
            Magic = source[MagicPosition],
            Crc = BinaryPrimitives.ReadUInt32BigEndian(source[CrcPosition..]),
            Attributes = BinaryPrimitives.ReadInt16BigEndian(source[AttributesPosition..]),
            LastOffsetDelta = BinaryPrimitives.ReadInt32BigEndian(source[LastOffsetDeltaPosition..]),
            BaseTimestamp = BinaryPrimitives.ReadInt64BigEndian(source[BaseTimestampPosition..]),
            MaxTimestamp = BinaryPrimitives.ReadInt64BigEndian(source[MaxTimestampPosition..]),
            ProducerId = BinaryPrimitives.ReadInt64BigEndian(source[ProducerIdPosition..]),
            ProducerEpoch = BinaryPrimitives.ReadInt16BigEndian(source[ProducerEpochPosition..]),
            BaseSequence = BinaryPrimitives.ReadInt32BigEndian(source[BaseSequencePosition..]),
            RecordsCount = BinaryPrimitives.ReadInt32BigEndian(source[RecordsCountPosition..]),
        };
    }

    /// <summary>Writes the header; the CRC field is written as it is in this struct (see <see cref="RecordBatch.WriteCrc"/>).</summary>
    public void Write(Span<byte> destination)
    {
        _ = destination[Size - 1];
        BinaryPrimitives.WriteInt64BigEndian(destination, BaseOffset);
        BinaryPrimitives.WriteInt32BigEndian(destination[LengthPosition..], BatchLength);
        BinaryPrimitives.WriteInt32BigEndian(destination[PartitionLeaderEpochPosition..], PartitionLeaderEpoch);
        destination[MagicPosition] = Magic;
        BinaryPrimitives.WriteUInt32BigEndian(destination[CrcPosition..], Crc);
        BinaryPrimitives.WriteInt16BigEndian(destination[AttributesPosition..], Attributes);
        BinaryPrimitives.WriteInt32BigEndian(destination[LastOffsetDeltaPosition..], LastOffsetDelta);
        BinaryPrimitives.WriteInt64BigEndian(destination[BaseTimestampPosition..], BaseTimestamp);
        BinaryPrimitives.WriteInt64BigEndian(destination[MaxTimestampPosition..], MaxTimestamp);
        BinaryPrimitives.WriteInt64BigEndian(destination[ProducerIdPosition..], ProducerId);
        BinaryPrimitives.WriteInt16BigEndian(destination[ProducerEpochPosition..], ProducerEpoch);
        BinaryPrimitives.WriteInt32BigEndian(destination[BaseSequencePosition..], BaseSequence);
        BinaryPrimitives.WriteInt32BigEndian(destination[RecordsCountPosition..], RecordsCount);
    }
}
