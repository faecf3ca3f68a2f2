using System.Text;

namespace Streaming;

/// <summary>The headers of a <see cref="RawRecord"/> in Kafka's record encoding, decoded lazily without allocation.</summary>
public readonly ref struct RawHeaders
{
    private readonly ReadOnlySpan<byte> _encoded;

    /// <summary>Wraps <paramref name="count"/> headers encoded as Kafka records carry them (zigzag varint lengths).</summary>
    public RawHeaders(ReadOnlySpan<byte> encoded, int count)
    {
        _encoded = encoded;
        Count = count;
    }

    public int Count { get; }

    /// <summary>The value of the last header whose UTF-8 key equals <paramref name="key"/>.</summary>
    public bool TryGetLast(ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        bool found = false;
        value = default;
        foreach (RawHeader header in this)
        {
            if (header.Key.SequenceEqual(key))
            {
                value = header.Value;
                found = true;
            }
        }
        return found;
    }

    /// <summary>Copies the headers into a <see cref="Headers"/> object (allocates).</summary>
    public Headers? ToHeaders()
    {
        if (Count == 0) return null;
        var headers = new Headers();
        foreach (RawHeader header in this)
            headers.Add(Encoding.UTF8.GetString(header.Key), header.ValueIsNull ? null : header.Value.ToArray());
        return headers;
    }

    public Enumerator GetEnumerator() => new(_encoded, Count);

    /// <summary>Walks the headers.</summary>
    public ref struct Enumerator
    {
        private ReadOnlySpan<byte> _remaining;
        private int _left;

        internal Enumerator(ReadOnlySpan<byte> encoded, int count)
        {
            _remaining = encoded;
            _left = count;
            Current = default;
        }

        public RawHeader Current { get; private set; }

        /// <summary>Moves to the next header; throws <see cref="CorruptRecordException"/> when the bytes are malformed.</summary>
        public bool MoveNext()
        {
            if (_left <= 0) return false;
            ReadOnlySpan<byte> key = ReadField(_remaining, out bool keyIsNull, out int consumed);
            if (keyIsNull) throw new CorruptRecordException("a record header has a null key");
            _remaining = _remaining[consumed..];
            ReadOnlySpan<byte> value = ReadField(_remaining, out bool valueIsNull, out consumed);
            _remaining = _remaining[consumed..];
            Current = new RawHeader(key, value, valueIsNull);
            _left--;
            return true;
        }

        private static ReadOnlySpan<byte> ReadField(ReadOnlySpan<byte> span, out bool isNull, out int consumed)
        {
            uint raw = 0;
            int i = 0;
            while (true)
            {
                if (i >= span.Length || i >= 5) throw new CorruptRecordException("a record header length is malformed");
                byte b = span[i];
                raw |= (uint)(b & 0x7F) << (7 * i);
                i++;
                if ((b & 0x80) == 0) break;
            }
            int length = (int)(raw >> 1) ^ -(int)(raw & 1);
            isNull = length < 0;
            if (length < -1 || length > span.Length - i) throw new CorruptRecordException("a record header length is out of range");
            consumed = i + Math.Max(length, 0);
            return isNull ? default : span.Slice(i, length);
        }
    }
}

/// <summary>One header of a <see cref="RawRecord"/>.</summary>
public readonly ref struct RawHeader(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool valueIsNull)
{
    /// <summary>The UTF-8 key.</summary>
    public ReadOnlySpan<byte> Key { get; } = key;
    public ReadOnlySpan<byte> Value { get; } = value;
    public bool ValueIsNull { get; } = valueIsNull;
}
