using System.Collections;

namespace Streaming;

/// <summary>The ordered headers of a record; a key may appear more than once.</summary>
public sealed class Headers : IReadOnlyList<Header>
{
    // Allocated on the first Add: most records carry no headers, and a Headers object is made for each of them.
    private List<Header>? _list;

    private List<Header> List => _list ??= [];

    public int Count => _list?.Count ?? 0;

    public Header this[int index] => _list is null ? throw new ArgumentOutOfRangeException(nameof(index)) : _list[index];

    /// <summary>Appends a header.</summary>
    public void Add(string key, byte[]? value) => List.Add(new Header(key, value));

    /// <summary>Appends a header with a UTF-8 string value.</summary>
    public void Add(string key, string? value) => Add(key, value is null ? null : System.Text.Encoding.UTF8.GetBytes(value));

    /// <summary>Appends a header.</summary>
    public void Add(Header header)
    {
        ArgumentNullException.ThrowIfNull(header);
        List.Add(header);
    }

    /// <summary>Removes every header with <paramref name="key"/>.</summary>
    public void Remove(string key) => _list?.RemoveAll(h => h.Key == key);

    /// <summary>The value of the last header named <paramref name="key"/>.</summary>
    public bool TryGetLastBytes(string key, out byte[]? value)
    {
        for (int i = Count - 1; i >= 0; i--)
        {
            if (_list![i].Key == key)
            {
                value = _list[i].GetValueBytes();
                return true;
            }
        }
        value = null;
        return false;
    }

    public IEnumerator<Header> GetEnumerator() => _list is null ? Enumerable.Empty<Header>().GetEnumerator() : _list.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
