namespace Streaming;

/// <summary>A record header: a UTF-8 key and an optional byte value.</summary>
public sealed class Header
{
    private readonly byte[]? _value;

    public Header(string key, byte[]? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        Key = key;
        _value = value;
    }

    public string Key { get; }

    /// <summary>The value bytes, or null.</summary>
    public byte[]? GetValueBytes() => _value;

    public override string ToString() => _value is null ? $"{Key}=null" : $"{Key}={System.Text.Encoding.UTF8.GetString(_value)}";
}
