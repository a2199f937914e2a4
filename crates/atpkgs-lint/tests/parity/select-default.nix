{ }.a or missing
