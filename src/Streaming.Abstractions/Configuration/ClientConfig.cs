using System.Collections;
using System.Globalization;

namespace Streaming;

/// <summary>
/// Client configuration as key/value pairs with Kafka's (Java client's) names, plus typed properties for the common keys.
/// Unknown keys are kept, so a transport can pass them on; values are checked when a client is built.
/// </summary>
public class ClientConfig : IEnumerable<KeyValuePair<string, string>>
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public ClientConfig() { }

    /// <summary>Copies every key of <paramref name="config"/>.</summary>
    public ClientConfig(IEnumerable<KeyValuePair<string, string>> config)
    {
        ArgumentNullException.ThrowIfNull(config);
        foreach (var (key, value) in config) Set(key, value);
    }

    /// <summary><c>bootstrap.servers</c>: where a network transport connects; ignored in-process.</summary>
    public string? BootstrapServers { get => Get("bootstrap.servers"); set => Set("bootstrap.servers", value); }

    /// <summary><c>client.id</c>: a name for logs and metrics.</summary>
    public string? ClientId { get => Get("client.id"); set => Set("client.id", value); }

    /// <summary>Sets <paramref name="key"/>; null removes it.</summary>
    public void Set(string key, string? value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (value is null) _values.Remove(key);
        else _values[key] = value;
    }

    /// <summary>The value of <paramref name="key"/>, or null.</summary>
    public string? Get(string key) => _values.GetValueOrDefault(key);

    protected int? GetInt(string key) => Get(key) is { } v ? ParseInt(key, v) : null;

    protected long? GetLong(string key) => Get(key) is { } v ? ParseLong(key, v) : null;

    protected bool? GetBool(string key) => Get(key) is { } v ? ParseBool(key, v) : null;

    protected void SetValue<T>(string key, T? value) where T : struct, IFormattable
        => Set(key, value?.ToString(null, CultureInfo.InvariantCulture));

    protected void SetBool(string key, bool? value) => Set(key, value is null ? null : value.Value ? "true" : "false");

    /// <summary>Reads <paramref name="key"/> as an int in [min, max], or <paramref name="defaultValue"/> when unset.</summary>
    /// <exception cref="InvalidConfigurationException">The value is not a number or out of range.</exception>
    public int GetInt(string key, int defaultValue, int min, int max = int.MaxValue)
    {
        int value = GetInt(key) ?? defaultValue;
        if (value < min || value > max)
            throw new InvalidConfigurationException($"'{key}' is {value}: it must be between {min} and {max}");
        return value;
    }

    /// <summary>Reads <paramref name="key"/> as a long in [min, max], or <paramref name="defaultValue"/> when unset.</summary>
    public long GetLong(string key, long defaultValue, long min, long max = long.MaxValue)
    {
        long value = GetLong(key) ?? defaultValue;
        if (value < min || value > max)
            throw new InvalidConfigurationException($"'{key}' is {value}: it must be between {min} and {max}");
        return value;
    }

    /// <summary>Reads <paramref name="key"/> as a boolean, or <paramref name="defaultValue"/> when unset.</summary>
    public bool GetBool(string key, bool defaultValue) => GetBool(key) ?? defaultValue;

    private static int ParseInt(string key, string value)
        => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v
            : throw new InvalidConfigurationException($"'{key}' is '{value}': it must be a whole number");

    private static long ParseLong(string key, string value)
        => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) ? v
            : throw new InvalidConfigurationException($"'{key}' is '{value}': it must be a whole number");

    private static bool ParseBool(string key, string value) => value.ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => throw new InvalidConfigurationException($"'{key}' is '{value}': it must be true or false"),
    };

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
