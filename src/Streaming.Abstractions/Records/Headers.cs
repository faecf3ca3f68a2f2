using System.Collections;

namespace Streaming;

/// <summary>The ordered headers of a record; a key may appear more than once.</summary>
public sealed class Headers : IReadOnlyList<Header>
{
    private readonly List<Header> _headers = [];

    public int Count => _headers.Count;

    public Header this[int index] => _headers[index];

    /// <summary>Appends a header.</summary>
    public void Add(string key, byte[]? value) => _headers.Add(new Header(key, value));

    /// <summary>Appends a header with a UTF-8 string value.</summary>
    public void Add(string key, string? value) => Add(key, value is null ? null : System.Text.Encoding.UTF8.GetBytes(value));

    /// <summary>Appends a header.</summary>
    public void Add(Header header)
    {
        ArgumentNullException.ThrowIfNull(header);
        _headers.Add(header);
    }

    /// <summary>Removes every header with <paramref name="key"/>.</summary>
    public void Remove(string key) => _headers.RemoveAll(h => h.Key == key);

    /// <summary>The value of the last header named <paramref name="key"/>.</summary>
    public bool TryGetLastBytes(string key, out byte[]? value)
    {
        for (int i = _headers.Count - 1; i >= 0; i--)
        {
            if (_headers[i].Key == key)
            {
                value = _headers[i].GetValueBytes();
                return true;
            }
        }
        value = null;
        return false;
    }

    public IEnumerator<Header> GetEnumerator() => _headers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
