using System.Text;

namespace Streaming.Protocol.Messages;

// Strings, bytes, record sets, array lengths and tagged fields.
public ref partial struct ProtocolWriter
{
    /// <summary>Writes a non-nullable int16-length string.</summary>
    public void WriteString(string value, string field)
    {
        if (value is null) throw NullField(field);
        WriteNullableString(value, field);
    }

    /// <summary>Writes an int16-length string; null as length -1.</summary>
    public void WriteNullableString(string? value, string field)
    {
        if (value is null)
        {
            WriteInt16(-1);
            return;
        }

        int length = Encoding.UTF8.GetByteCount(value);
        if (length > short.MaxValue) throw new ProtocolException($"{field} is {length} UTF-8 bytes; a string allows at most {short.MaxValue}");
        WriteInt16((short)length);
        WriteUtf8(value, length);
    }

    /// <summary>Writes a non-nullable compact string (unsigned varint length + 1).</summary>
    public void WriteCompactString(string value, string field)
    {
        if (value is null) throw NullField(field);
        WriteCompactNullableString(value, field);
    }

    /// <summary>Writes a compact string; null as length 0.</summary>
    public void WriteCompactNullableString(string? value, string field)
    {
        if (value is null)
        {
            WriteUnsignedVarint(0);
            return;
        }

        int length = Encoding.UTF8.GetByteCount(value);
        WriteUnsignedVarint((uint)length + 1);
        WriteUtf8(value, length);
    }

    /// <summary>Writes a non-nullable string in the encoding of the message version: compact when flexible.</summary>
    public void WriteString(string value, bool flexible, string field)
    {
        if (flexible) WriteCompactString(value, field);
        else WriteString(value, field);
    }

    /// <summary>Writes a nullable string in the encoding of the message version: compact when flexible.</summary>
    public void WriteNullableString(string? value, bool flexible, string field)
    {
        if (flexible) WriteCompactNullableString(value, field);
        else WriteNullableString(value, field);
    }

    /// <summary>Writes int32-length bytes.</summary>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteInt32(value.Length);
        WriteRaw(value);
    }

    /// <summary>Writes int32-length bytes; null as length -1.</summary>
    public void WriteNullableBytes(ReadOnlyMemory<byte>? value)
    {
        if (value is not { } bytes) WriteInt32(-1);
        else WriteBytes(bytes.Span);
    }

    /// <summary>Writes compact bytes (unsigned varint length + 1).</summary>
    public void WriteCompactBytes(ReadOnlySpan<byte> value)
    {
        WriteUnsignedVarint((uint)value.Length + 1);
        WriteRaw(value);
    }

    /// <summary>Writes compact bytes; null as length 0.</summary>
    public void WriteCompactNullableBytes(ReadOnlyMemory<byte>? value)
    {
        if (value is not { } bytes) WriteUnsignedVarint(0);
        else WriteCompactBytes(bytes.Span);
    }

    /// <summary>Writes non-nullable bytes in the encoding of the message version.</summary>
    public void WriteBytes(ReadOnlySpan<byte> value, bool flexible)
    {
        if (flexible) WriteCompactBytes(value);
        else WriteBytes(value);
    }

    /// <summary>Writes nullable bytes in the encoding of the message version.</summary>
    public void WriteNullableBytes(ReadOnlyMemory<byte>? value, bool flexible)
    {
        if (flexible) WriteCompactNullableBytes(value);
        else WriteNullableBytes(value);
    }

    /// <summary>
    /// Writes a nullable record set: its length prefix, then its bytes as they are (never re-encoded). A deferring or
    /// measuring writer does not copy them.
    /// </summary>
    public void WriteRecords(ReadOnlyMemory<byte>? records, bool flexible)
    {
        if (records is not { } bytes)
        {
            if (flexible) WriteUnsignedVarint(0);
            else WriteInt32(-1);
            return;
        }

        WriteRecordsLength(bytes.Length, flexible);
        WriteRecordsBody(bytes);
    }

    /// <summary>Writes a record set held in several buffers as one records field (their total length, then each in order).</summary>
    public void WriteRecords(IReadOnlyList<ReadOnlyMemory<byte>> chunks, bool flexible)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        long total = 0;
        for (int i = 0; i < chunks.Count; i++) total += chunks[i].Length;
        if (total > int.MaxValue - 1) throw new ProtocolException($"a record set of {total} bytes is too large");
        WriteRecordsLength((int)total, flexible);
        for (int i = 0; i < chunks.Count; i++) WriteRecordsBody(chunks[i]);
    }

    /// <summary>Writes an int32 array count; -1 for null.</summary>
    public void WriteArrayCount(int count) => WriteInt32(count);

    /// <summary>Writes a compact array count (count + 1 as unsigned varint; 0 for null, given as -1).</summary>
    public void WriteCompactArrayCount(int count) => WriteUnsignedVarint((uint)(count + 1));

    /// <summary>Writes an array count in the encoding of the message version; -1 for null.</summary>
    public void WriteArrayCount(int count, bool flexible)
    {
        if (flexible) WriteCompactArrayCount(count);
        else WriteInt32(count);
    }

    /// <summary>Writes an empty tagged-field section.</summary>
    public void WriteEmptyTaggedFields() => WriteUnsignedVarint(0);

    /// <summary>Writes a tagged field's tag and the size of its value; the caller then writes exactly that many bytes.</summary>
    public void WriteTaggedFieldHeader(int tag, int size)
    {
        WriteUnsignedVarint((uint)tag);
        WriteUnsignedVarint((uint)size);
    }

    private void WriteRecordsLength(int length, bool flexible)
    {
        if (flexible) WriteUnsignedVarint((uint)length + 1);
        else WriteInt32(length);
    }

    private void WriteRecordsBody(ReadOnlyMemory<byte> bytes)
    {
        if (_measuring)
        {
            _committed += bytes.Length;
        }
        else if (_deferredRecords is not null)
        {
            if (bytes.IsEmpty) return;
            _deferredRecords.Add(new RecordsSegment(BytesWritten, bytes));
            _deferredBytes += bytes.Length;
        }
        else
        {
            WriteRaw(bytes.Span);
        }
    }

    private void WriteUtf8(string value, int length)
    {
        if (_measuring)
        {
            _committed += length;
            return;
        }

        Span<byte> span = Reserve(length);
        Encoding.UTF8.GetBytes(value, span);
    }

    private static ProtocolException NullField(string field) => new($"{field} is null but the field is not nullable in this version");
}
