using System.Buffers.Binary;

namespace Streaming.Protocol.Records;

/// <summary>What <see cref="RecordBatch.Validate"/> found wrong with a batch.</summary>
public enum BatchValidation
{
    /// <summary>The batch is whole and its CRC matches.</summary>
    Valid,

    /// <summary>Fewer bytes than the header or than batchLength says: a torn tail.</summary>
    Truncated,

    /// <summary>The header is impossible (wrong magic, negative length or counts).</summary>
    Malformed,

    /// <summary>The CRC does not match the bytes.</summary>
    CrcMismatch,
}

/// <summary>Operations on whole RecordBatch v2 byte ranges: walking a buffer of batches, validating, patching offsets.</summary>
public static class RecordBatch
{
    /// <summary>Reads the baseOffset of the batch at the start of <paramref name="batch"/>.</summary>
    public static long ReadBaseOffset(ReadOnlySpan<byte> batch) => BinaryPrimitives.ReadInt64BigEndian(batch);

    /// <summary>Rewrites the baseOffset; the CRC does not cover it, so the batch stays valid.</summary>
    public static void WriteBaseOffset(Span<byte> batch, long baseOffset) => BinaryPrimitives.WriteInt64BigEndian(batch, baseOffset);

    /// <summary>Rewrites the partitionLeaderEpoch; not covered by the CRC.</summary>
    public static void WritePartitionLeaderEpoch(Span<byte> batch, int epoch)
        => BinaryPrimitives.WriteInt32BigEndian(batch[RecordBatchHeader.PartitionLeaderEpochPosition..], epoch);

    /// <summary>Computes and stores the CRC-32C of bytes 21..end of <paramref name="batch"/>.</summary>
    public static void WriteCrc(Span<byte> batch)
        => BinaryPrimitives.WriteUInt32BigEndian(batch[RecordBatchHeader.CrcPosition..], Crc32C.Compute(batch[RecordBatchHeader.CrcStart..]));

    /// <summary>
    /// Reads the total size of the batch at the start of <paramref name="buffer"/> from its length field, or -1 when fewer
    /// than 12 bytes are there or the length is impossible.
    /// </summary>
    public static int PeekTotalSize(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length < RecordBatchHeader.LogOverhead) return -1;
        int length = BinaryPrimitives.ReadInt32BigEndian(buffer[RecordBatchHeader.LengthPosition..]);
        if (length < RecordBatchHeader.Size - RecordBatchHeader.LogOverhead) return -1;
        return length + RecordBatchHeader.LogOverhead;
    }

    /// <summary>Checks that <paramref name="buffer"/> starts with a whole, well-formed batch whose CRC matches.</summary>
    /// <param name="buffer">Bytes starting at a batch boundary.</param>
    /// <param name="header">The header, when at least 61 bytes are there.</param>
    /// <param name="checkCrc">False skips the CRC (recovery of a cleanly closed log).</param>
    public static BatchValidation Validate(ReadOnlySpan<byte> buffer, out RecordBatchHeader header, bool checkCrc = true)
    {
        header = default;
        if (buffer.Length < RecordBatchHeader.Size) return BatchValidation.Truncated;
        header = RecordBatchHeader.Read(buffer);
        if (header.Magic != RecordBatchHeader.CurrentMagic) return BatchValidation.Malformed;
        if (header.BatchLength < RecordBatchHeader.Size - RecordBatchHeader.LogOverhead || header.LastOffsetDelta < 0 || header.RecordsCount < 0)
            return BatchValidation.Malformed;
        if ((long)header.BatchLength + RecordBatchHeader.LogOverhead > buffer.Length) return BatchValidation.Truncated;
        if (checkCrc && Crc32C.Compute(buffer[RecordBatchHeader.CrcStart..header.TotalSize]) != header.Crc)
            return BatchValidation.CrcMismatch;
        return BatchValidation.Valid;
    }
}
