using System.Buffers.Binary;

namespace Streaming.Protocol.Records;

/// <summary>
/// Transaction markers: a control batch (transactional and control attributes set) of one record whose key is
/// (int16 version 0, int16 type) and whose value is (int16 version 0, int32 coordinator epoch), as Kafka writes them.
/// </summary>
public static class ControlBatch
{
    private const int KeySize = 4;
    private const int ValueSize = 6;

    /// <summary>Builds the marker that ends producer <paramref name="producerId"/>'s transaction on one partition.</summary>
    public static byte[] BuildMarker(long producerId, short producerEpoch, ControlRecordType type, int coordinatorEpoch, long timestamp)
    {
        Span<byte> key = stackalloc byte[KeySize];
        BinaryPrimitives.WriteInt16BigEndian(key, 0);
        BinaryPrimitives.WriteInt16BigEndian(key[2..], (short)type);
        Span<byte> value = stackalloc byte[ValueSize];
        BinaryPrimitives.WriteInt16BigEndian(value, 0);
        BinaryPrimitives.WriteInt32BigEndian(value[2..], coordinatorEpoch);
        using var builder = new RecordBatchBuilder(RecordBatchHeader.Size + 64);
        builder.Reset(CompressionType.None, producerId, producerEpoch, baseSequence: -1, transactional: true, control: true);
        builder.Append(timestamp, key, false, value, false, 0, default);
        return builder.Seal().ToArray();
    }

    /// <summary>
    /// Reads the type of the control batch whose header is <paramref name="header"/> and whose (uncompressed) records
    /// section is <paramref name="records"/>; false when it is not a well-formed marker.
    /// </summary>
    public static bool TryReadType(in RecordBatchHeader header, ReadOnlySpan<byte> records, out ControlRecordType type)
    {
        type = default;
        if (!header.IsControl || header.RecordsCount < 1) return false;
        try
        {
            var reader = new RecordReader(header, records);
            if (!reader.TryRead(out var record) || record.KeyIsNull || record.Key.Length < KeySize) return false;
            short t = BinaryPrimitives.ReadInt16BigEndian(record.Key[2..]);
            if (t is not (0 or 1)) return false;
            type = (ControlRecordType)t;
            return true;
        }
        catch (CorruptRecordException)
        {
            return false;
        }
    }

    /// <summary>Reads the type of a whole control batch (header and records, uncompressed as markers always are).</summary>
    public static bool TryReadType(ReadOnlySpan<byte> batch, out ControlRecordType type)
    {
        type = default;
        if (batch.Length < RecordBatchHeader.Size) return false;
        var header = RecordBatchHeader.Read(batch);
        if (header.TotalSize > batch.Length || header.Compression != CompressionType.None) return false;
        return TryReadType(header, batch[RecordBatchHeader.Size..header.TotalSize], out type);
    }
}
