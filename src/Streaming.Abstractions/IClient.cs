namespace Streaming;

/// <summary>What every client has: a name, and disposal that releases it.</summary>
public interface IClient : IDisposable
{
    /// <summary>The client's name (<c>client.id</c> or a generated one).</summary>
    string Name { get; }
}
