using System.Buffers.Binary;
using System.Text;

namespace Streaming.Broker.Internal;

/// <summary>Kafka's classic string encoding in internal records: an int16 byte length, then UTF-8.</summary>
internal static class Int16String
{
    public static int SizeOf(string s) => 2 + Encoding.UTF8.GetByteCount(s);

    /// <summary>Writes <paramref name="s"/> at the start of <paramref name="span"/>; returns the bytes written.</summary>
    public static int Write(Span<byte> span, string s)
    {
        int n = Encoding.UTF8.GetBytes(s, span[2..]);
        BinaryPrimitives.WriteInt16BigEndian(span, (short)n);
        return 2 + n;
    }

    /// <summary>Reads a string at <paramref name="p"/> and moves past it; false when it is cut short or has a negative length.</summary>
    public static bool TryRead(ReadOnlySpan<byte> span, ref int p, out string s)
    {
        s = "";
        if (span.Length - p < 2) return false;
        int n = BinaryPrimitives.ReadInt16BigEndian(span[p..]);
        if (n < 0 || span.Length - p - 2 < n) return false;
        s = Encoding.UTF8.GetString(span.Slice(p + 2, n));
        p += 2 + n;
        return true;
    }
}
