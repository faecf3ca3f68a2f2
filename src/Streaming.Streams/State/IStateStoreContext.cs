namespace Streaming.Streams.State;

/// <summary>What a store learns about the task that owns it when it is initialized.</summary>
public interface IStateStoreContext
{
    string ApplicationId { get; }

    string TaskId { get; }

    /// <summary>The task's locked state directory (<c>&lt;state.dir&gt;/&lt;application.id&gt;/&lt;task&gt;</c>).</summary>
    string StateDirectory { get; }

    StreamsConfig Config { get; }
}
