"""What happens on the decision side, one module per topic.

Nothing is re-exported here: ``hiring.tasks`` imports the modules that do the work, and only
``queueing`` (which enqueues tasks) imports ``hiring.tasks``, so importing any other service
module never pulls the tasks in.
"""
