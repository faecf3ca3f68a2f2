namespace Streaming;

/// <summary>Admin client configuration.</summary>
public class AdminClientConfig : ClientConfig
{
    public AdminClientConfig() { }

    public AdminClientConfig(IEnumerable<KeyValuePair<string, string>> config) : base(config) { }
}
