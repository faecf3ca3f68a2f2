using System.Text;

namespace Streaming.Protocol.Records;

/// <summary>Encoding of one record header: key length (varint) + UTF-8 key, value length (varint, -1 = null) + value.</summary>
public static class RecordHeaders
{
    /// <summary>Bytes one header takes.</summary>
    public static int SizeOf(string key, int valueLength)
    {
        int keyBytes = Encoding.UTF8.GetByteCount(key);
        return Varint.SizeOfSigned(keyBytes) + keyBytes + Varint.SizeOfSigned(valueLength) + Math.Max(valueLength, 0);
    }

    /// <summary>Writes one header; <paramref name="valueIsNull"/> writes length -1. Returns the bytes written.</summary>
    public static int Write(Span<byte> destination, string key, ReadOnlySpan<byte> value, bool valueIsNull)
    {
        int keyBytes = Encoding.UTF8.GetByteCount(key);
        int p = Varint.WriteSigned(destination, keyBytes);
        p += Encoding.UTF8.GetBytes(key, destination[p..]);
        int valueLength = valueIsNull ? -1 : value.Length;
        p += Varint.WriteSigned(destination[p..], valueLength);
        if (valueLength > 0)
        {
            value.CopyTo(destination[p..]);
            p += valueLength;
        }
        return p;
    }
}
