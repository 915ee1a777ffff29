"""The program's shell: start-up, the main window, the worker, crash guard, settings, help."""
