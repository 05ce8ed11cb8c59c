using Pipeline.Cli;

return await PipelineCli.InvokeAsync(args);
